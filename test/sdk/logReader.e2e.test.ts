/**
 * The SDK's reorg-aware log reader on a real anvil chain, with a contract that emits two events per call: several
 * events read together in log order, a per-poll block budget, resuming from a persisted checkpoint (and a checkpoint
 * a reorg replaced), and a provider that refuses wide ranges. The node's watcher and the explorer's request index
 * are built on these behaviours.
 */

import { type Anvil, KEYS, rpc, startAnvil } from "@symbiote/devnet";
import { createLogReader, isCommonRangeRefusal } from "@symbiote/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  type Hex,
  http,
  keccak256,
  numberToHex,
  parseAbi,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const abi = parseAbi(["event Ping(uint256 value)", "event Pong(uint256 value)"]);
const [ping, pong] = abi;

/**
 * A contract whose every call emits Ping(x) then Pong(x + 1), x being the first calldata word. Hand-assembled so the
 * test needs no compiler: CALLDATALOAD(0) → MSTORE(0) → LOG1(0, 32, Ping); ADD 1 → MSTORE(0) → LOG1(0, 32, Pong).
 */
function emitterInitCode(): Hex {
  const topic = (signature: string) => keccak256(toHex(signature)).slice(2);
  const runtime = [
    "600035", // PUSH1 0, CALLDATALOAD
    "80600052", // DUP1, PUSH1 0, MSTORE
    `7f${topic("Ping(uint256)")}`, // PUSH32 topic
    "60206000a1", // PUSH1 32, PUSH1 0, LOG1
    "600101600052", // PUSH1 1, ADD, PUSH1 0, MSTORE
    `7f${topic("Pong(uint256)")}`,
    "60206000a1",
    "00", // STOP
  ].join("");
  const length = runtime.length / 2;
  // copy the runtime to memory and return it: PUSH1 len, DUP1, PUSH1 11, PUSH1 0, CODECOPY, PUSH1 0, RETURN
  const prefix = `60${length.toString(16).padStart(2, "0")}80600b6000396000f3`;
  return `0x${prefix}${runtime}`;
}

let anvil: Anvil;
let emitter: Address;
const client = () => createPublicClient({ chain: foundry, transport: http(anvil.url), pollingInterval: 100 });
const wallet = () =>
  createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(KEYS[2]) });

/** One call to the emitter, mined in its own block. */
async function emit(value: bigint): Promise<bigint> {
  const hash = await wallet().sendTransaction({ to: emitter, data: numberToHex(value, { size: 32 }) });
  return (await client().waitForTransactionReceipt({ hash })).blockNumber;
}

beforeAll(async () => {
  anvil = await startAnvil();
  const hash = await wallet().sendTransaction({ data: emitterInitCode() } as never);
  const receipt = await client().waitForTransactionReceipt({ hash });
  emitter = receipt.contractAddress as Address;
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
});

describe("createLogReader", () => {
  it("reads several events together, in log order, each once", async () => {
    const fromBlock = (await client().getBlockNumber({ cacheTime: 0 })) + 1n;
    await emit(10n);
    await emit(20n);
    const reader = createLogReader(client(), { address: emitter, events: abi, fromBlock });
    const { logs } = await reader.poll();
    expect(logs.map((l) => [l.eventName, l.args.value])).toEqual([
      ["Ping", 10n],
      ["Pong", 11n],
      ["Ping", 20n],
      ["Pong", 21n],
    ]);
    expect((await reader.poll()).logs).toEqual([]);
  });

  it("reads at most maxBlocksPerPoll blocks a poll and says it is behind until it caught up", async () => {
    const fromBlock = (await client().getBlockNumber({ cacheTime: 0 })) + 1n;
    for (const v of [1n, 2n, 3n, 4n, 5n]) await emit(v);
    const reader = createLogReader(client(), { address: emitter, event: ping, fromBlock, maxBlocksPerPoll: 2n });
    const seen: bigint[] = [];
    const behind: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const polled = await reader.poll();
      seen.push(...polled.logs.map((l) => l.args.value as bigint));
      behind.push(polled.behind);
    }
    expect(seen).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(behind).toEqual([true, true, false]);
  });

  it("resumes after a persisted checkpoint without reporting its logs again", async () => {
    const fromBlock = (await client().getBlockNumber({ cacheTime: 0 })) + 1n;
    await emit(30n);
    const first = await createLogReader(client(), { address: emitter, event: pong, fromBlock }).poll();
    expect(first.logs.map((l) => l.args.value)).toEqual([31n]);
    await emit(40n);
    const checkpoint = { number: first.safeBlock, hash: first.safeBlockHash as Hex };
    const resumed = await createLogReader(client(), { address: emitter, event: pong, fromBlock, checkpoint }).poll();
    expect(resumed.logs.map((l) => l.args.value)).toEqual([41n]);
    expect(resumed.rewoundTo).toBeUndefined();
  });

  it("rewinds below a checkpoint a reorg replaced and reads the blocks that replaced it", async () => {
    const fromBlock = (await client().getBlockNumber({ cacheTime: 0 })) + 1n;
    await emit(50n);
    const snapshot = await rpc(anvil.url, "evm_snapshot");
    await emit(60n);
    const before = await createLogReader(client(), { address: emitter, event: ping, fromBlock }).poll();
    expect(before.logs.map((l) => l.args.value)).toEqual([50n, 60n]);
    const checkpoint = { number: before.safeBlock, hash: before.safeBlockHash as Hex };

    // the block holding 60 is replaced by one holding 70, and the chain grows past the checkpoint
    await rpc(anvil.url, "evm_revert", [snapshot]);
    await emit(70n);
    await rpc(anvil.url, "anvil_mine", ["0x2"]);
    const reader = createLogReader(client(), {
      address: emitter,
      event: ping,
      fromBlock,
      checkpoint,
      confirmations: 1,
    });
    const after = await reader.poll();
    // one confirmation: it trusts nothing within two blocks below the replaced checkpoint
    expect(after.rewoundTo?.number).toBe(checkpoint.number - 2n);
    expect(after.rewoundTo?.hash).toBe((await client().getBlock({ blockNumber: checkpoint.number - 2n })).hash);
    expect(after.logs.map((l) => l.args.value)).toEqual([50n, 70n]);
  });

  it("halves the range while the provider refuses it, and still reads every log", async () => {
    const fromBlock = (await client().getBlockNumber({ cacheTime: 0 })) + 1n;
    for (const v of [81n, 82n, 83n, 84n]) await emit(v);
    const ranges: number[] = [];
    // a provider that serves eth_getLogs over at most 2 blocks, as public endpoints cap ranges
    const upstream = http(anvil.url)({ chain: foundry });
    const request: EIP1193RequestFn = async (args) => {
      if (args.method === "eth_getLogs") {
        const [filter] = args.params as [{ fromBlock: Hex; toBlock: Hex }];
        const width = Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1;
        ranges.push(width);
        if (width > 2) throw Object.assign(new Error("query exceeds max block range 2"), { code: -32602 });
      }
      return upstream.request(args as never);
    };
    const capped = createPublicClient({ chain: foundry, transport: custom({ request }, { retryCount: 0 }) });
    const reader = createLogReader(capped, { address: emitter, event: ping, fromBlock, maxBlockRange: 8n });
    const { logs } = await reader.poll();
    expect(logs.map((l) => l.args.value)).toEqual([81n, 82n, 83n, 84n]);
    // four blocks: refused whole (twice: 8 covers them, so does 4), then read two by two
    expect(ranges).toEqual([4, 4, 2, 2]);
  });

  it("tells a range refusal from other failures", () => {
    expect(isCommonRangeRefusal(Object.assign(new Error("x"), { code: -32005 }))).toBe(true);
    expect(isCommonRangeRefusal(new Error("eth_getLogs is limited to a 10,000 block range"))).toBe(true);
    expect(isCommonRangeRefusal(new Error("fetch failed", { cause: new Error("ECONNREFUSED") }))).toBe(false);
  });
});
