/**
 * The SDK's packed batch encoder against the coordinator's decoder: a batch encoded in TypeScript, decoded on a real
 * anvil chain by contracts/libraries/PackedBatchCodec.sol (through the test harness forge compiles into out/), is
 * exactly the ABI call data of `fulfillBatch` for the same items; and a batch the encoding cannot hold is refused
 * with an EncodingError that says what to do.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Anvil, KEYS, startAnvil } from "@symbiote/devnet";
import {
  type BatchFulfillment,
  type ChainRequest,
  coordinatorAbi,
  EncodingError,
  encodePackedFulfillmentBatch,
  PACKED_BATCH_FORMAT,
} from "@symbiote/sdk";
import { type Abi, createPublicClient, createWalletClient, encodeFunctionData, type Hex, http, size } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const DEPLOYER = privateKeyToAccount(KEYS[0] as Hex);

function request(id: bigint, overrides: Partial<ChainRequest> = {}): ChainRequest {
  return {
    requestId: id,
    requester: "0xc7183455a4C133Ae270771860664b6B7ec320bB1",
    modelId: 1n,
    version: 1,
    circuitId: 9,
    inputMode: 1,
    dataOwner: "0xadc511C16b13c56CC74bc0c83808B67aC73f8fc5",
    servingNode: "0x00000000000000000000000000000000A11ce001",
    callbackGasLimit: 200_000,
    fee: 10n ** 19n,
    callbackFee: 0n,
    requestedAt: 3n,
    deadline: 3603n + id,
    round: 0n,
    weightsCommitment: 7455943362667066906465373100137179737337802051715788767522662323145650232193n,
    inputWords: [12410403754881202467032939865665127127792795149496600624182160169059670207940n + id],
    ...overrides,
  };
}

const proof = (seed: number, bytes = 256): Hex =>
  `0x${Array.from({ length: bytes }, (_, i) => ((seed * 31 + i * 7) % 256).toString(16).padStart(2, "0")).join("")}`;

/** Two versions of two requesters, interleaved: three templates; a public item with two input words and a round. */
function mixedBatch(): BatchFulfillment[] {
  const outputs = [1n, 2n, 3n, 2n ** 200n];
  const open = { modelId: 2n, circuitId: 3, inputMode: 0, servingNode: "0x0000000000000000000000000000000000000000" };
  return [
    { request: request(2n), outputs, proof: proof(1) },
    {
      request: request(3n, { ...open, round: 7n, inputWords: [5n, 6n] } as Partial<ChainRequest>),
      outputs: [9n],
      proof: proof(2),
    },
    { request: request(4n), outputs, proof: proof(3) },
    { request: request(5n, { requester: "0x00000000000000000000000000000000000000aa" }), outputs, proof: proof(4) },
  ];
}

describe("encodePackedFulfillmentBatch", () => {
  let anvil: Anvil;
  let decoder: Hex;
  let decoderAbi: Abi;

  beforeAll(async () => {
    const artifact = JSON.parse(
      readFileSync(resolve(REPO_ROOT, "out/InferenceCoordinatorPackedBatch.t.sol/PackedBatchDecoder.json"), "utf8"),
    ) as { abi: Abi; bytecode: { object: Hex } };
    decoderAbi = artifact.abi;
    anvil = await startAnvil();
    const wallet = createWalletClient({ account: DEPLOYER, chain: foundry, transport: http(anvil.url) });
    const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const hash = await wallet.deployContract({ abi: decoderAbi, bytecode: artifact.bytecode.object });
    decoder = (await client.waitForTransactionReceipt({ hash })).contractAddress as Hex;
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it("decodes on chain to exactly fulfillBatch's call data", async () => {
    const batch = mixedBatch();
    const packed = encodePackedFulfillmentBatch(batch);
    const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const expected = encodeFunctionData({ abi: coordinatorAbi, functionName: "fulfillBatch", args: [batch] });
    const selector = expected.slice(0, 10) as Hex;
    const decoded = await client.readContract({
      address: decoder,
      abi: decoderAbi,
      functionName: "decode",
      args: [packed, selector],
    });
    expect(decoded).toBe(expected);
    expect(size(packed) * 2).toBeLessThan(size(expected));
  });

  it("sends each distinct set of shared request fields once", () => {
    const packed = encodePackedFulfillmentBatch(mixedBatch());
    expect(Number.parseInt(packed.slice(2, 4), 16)).toBe(PACKED_BATCH_FORMAT);
    expect(Number.parseInt(packed.slice(4, 6), 16)).toBe(3);
    // the header, three templates, the item count, then four items of 33 bytes before their words and proofs
    const items = 33 * 4 + 32 * (1 + 4 + 2 + 1 + 1 + 4 + 1 + 4) + 256 * 4;
    expect(size(packed)).toBe(2 + 3 * 167 + 2 + items);
  });

  it("refuses a request id past 64 bits, naming the way out", () => {
    const batch = mixedBatch();
    batch[1] = { ...(batch[1] as BatchFulfillment), request: request(2n ** 64n) };
    const refusal = () => encodePackedFulfillmentBatch(batch);
    expect(refusal).toThrow(EncodingError);
    expect(refusal).toThrow(/needs more than 64 bits; send it with fulfill or fulfillBatch/);
  });

  it("refuses more templates than an index byte names", () => {
    const batch = Array.from({ length: 256 }, (_, i) => ({
      request: request(BigInt(i + 1), { modelId: BigInt(i + 1) }),
      outputs: [1n],
      proof: proof(i),
    }));
    expect(() => encodePackedFulfillmentBatch(batch)).toThrow(/at most 255 distinct request templates/);
    expect(() => encodePackedFulfillmentBatch(batch.slice(0, 255))).not.toThrow();
  });
});
