import { join } from "node:path";
import { type Anvil, KEYS, type LocalProtocol, prepareNode, rpc, startLocalProtocol, waitFor } from "@symbiote/devnet";
import { coordinatorAbi, modelRegistryAbi } from "@symbiote/sdk";
import pino from "pino";
import {
  type Address,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  parseEther,
  parseEventLogs,
  parseGwei,
  toHex,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { SeededRandom } from "../../circuits/src/randomModels.ts";
import { encodeRequest } from "../../oracle/src/chain/request.ts";
import { JobStore } from "../../oracle/src/jobs/jobStore.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { Submitter } from "../../oracle/src/submit/submitter.ts";
import { startNode } from "./helpers/node.ts";

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const PUBLIC_CLASSIFIER = 2n;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let store: JobStore | undefined;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-rejection");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.registerOperator(OPERATOR);
  await p.fundRequester(REQUESTER);
}, 600_000);

afterAll(async () => {
  store?.close();
  await node?.stop();
  await chain?.stop();
});

/** Records a request as a `proved` job holding `proof`, as the node's store would after proving it. */
async function provedJob(jobs: JobStore, requestId: bigint, proof: Hex): Promise<void> {
  const [event] = await p.publicClient.getContractEvents({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    eventName: "InferenceRequested",
    args: { requestId },
    fromBlock: deployment.startBlock,
    strict: true,
  });
  if (!event) throw new Error(`request ${requestId}: no InferenceRequested`);
  const { request } = event.args;
  const circuit = await p.publicClient.readContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "circuit",
    args: [request.circuitId],
  });
  jobs.recordRange(
    [
      {
        requestId,
        request: encodeRequest(request),
        blockNumber: event.blockNumber,
        blockHash: event.blockHash,
        logIndex: event.logIndex,
        deadline: request.deadline,
      },
    ],
    { block: event.blockNumber, blockHash: event.blockHash },
  );
  jobs.transition(requestId, ["seen"], "assigned", { serveAfter: 0n });
  jobs.transition(requestId, ["assigned"], "proving");
  const outputs = Array.from({ length: circuit.outputWords }, () => "1");
  jobs.transition(requestId, ["proving"], "proved", { proof: JSON.stringify({ outputs, proof, proofMs: 0 }) });
}

describe("fulfillments the chain refuses", () => {
  it("in simulation: never sent; failed with the reason, or kept back while not yet servable", async () => {
    const rng = new SeededRandom(5n);
    const request = () => p.request(REQUESTER, { modelId: PUBLIC_CLASSIFIER, features: rng.vector(16) });
    // two requests of a round whose seed is known (the operator, the only one, is drawn for both)…
    const invalid = [await request(), await request()];
    await chain.fulfillSeeds();
    // …and one of the next round, whose seed nobody has answered: within the window nobody may serve it yet
    const waiting = await request();

    store = new JobStore(join(dir, "jobs.sqlite"));
    // 8 words that are no Groth16 proof: the verifier refuses them
    const garbage = toHex(new Uint8Array(256).fill(1));
    for (const id of [...invalid, waiting]) await provedJob(store, id, garbage);

    const account = privateKeyToAccount(OPERATOR);
    const submitter = new Submitter({
      publicClient: p.publicClient as never,
      walletClient: createWalletClient({ chain: foundry, transport: http(anvil.url), account }),
      store,
      coordinator: deployment.coordinator,
      gas: { maxFeeGwei: 500, priorityFeeGwei: 1, bumpPercent: 20, stuckAfterMs: 60_000, maxBatch: 10 },
      confirmations: 0,
      log: pino({ level: "silent" }),
    });
    await submitter.init();
    const sentBefore = await p.publicClient.getTransactionCount({ address: account.address });
    // each fulfillment is simulated alone: none of them goes out
    expect(await submitter.submitReady()).toBe(0);
    for (const id of invalid) {
      const job = store.get(id);
      expect(job?.state, `request ${id}`).toBe("failed");
      expect(job?.note).toBe("refused in simulation: CoordinatorInvalidProof");
    }
    const kept = store.get(waiting);
    expect(kept?.state).toBe("proved");
    expect(kept?.note).toMatch(/^not yet servable \(simulation\): CoordinatorAssignmentPending$/);
    expect(kept?.attempts).toBe(1);
    // once the seed is known, what refuses it is its own proof
    await chain.fulfillSeeds();
    expect(await submitter.submitReady()).toBe(0);
    expect(store.get(waiting)?.state).toBe("failed");
    expect(store.get(waiting)?.note).toBe("refused in simulation: CoordinatorInvalidProof");
    expect(await p.publicClient.getTransactionCount({ address: account.address })).toBe(sentBefore);
  }, 300_000);

  it("on inclusion: the batch lands, each rejected job fails with the decoded reason, the request cancels at once", async () => {
    const rng = new SeededRandom(6n);
    // uncached: viem answers from a cache up to its polling interval old, which could reach back into an earlier test's requests
    const firstBlock = await p.publicClient.getBlockNumber({ cacheTime: 0 });
    const setup = await prepareNode(join(dir, "node"), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key: OPERATOR,
      // the two proofs go out together, in one fulfillBatch
      extra: {
        gas: { stuckAfterMs: 60_000, maxBatch: 10, batchWaitMs: 30_000 },
        watcher: { startBlock: Number(firstBlock) + 1 },
      },
    });
    node = await startNode(setup);
    const ids = [
      await p.request(REQUESTER, {
        modelId: PUBLIC_CLASSIFIER,
        features: rng.vector(16),
      }),
      await p.request(REQUESTER, {
        modelId: PUBLIC_CLASSIFIER,
        features: rng.vector(16),
      }),
    ];
    await chain.fulfillSeeds();
    await rpc(anvil.url, "anvil_mine", ["0x2"]);
    // from here nothing is mined until the test says so: the node simulates and sends against this state
    await rpc(anvil.url, "evm_setAutomine", [false]);
    await waitFor("both fulfillments sent", async () =>
      ids.every((id) => node?.store.get(id)?.state === "submitted") ? true : undefined,
    );
    const batch = node?.store.get(ids[0] as bigint)?.txHash as Hex;
    expect(node?.store.get(ids[1] as bigint)?.txHash).toBe(batch);

    // governance flags the version before the batch is mined (in the same block, ahead of it by its tip)
    await rpc(anvil.url, "anvil_impersonateAccount", [chain.contracts.timelock as Address]);
    await rpc(anvil.url, "anvil_setBalance", [chain.contracts.timelock as Address, toHex(parseEther("10"))]);
    const flag = (await rpc(anvil.url, "eth_sendTransaction", [
      {
        from: chain.contracts.timelock as Address,
        to: deployment.registry,
        data: encodeFunctionData({
          abi: modelRegistryAbi,
          functionName: "flagVersion",
          args: [PUBLIC_CLASSIFIER, 1, "ipfs://flag/leaks-labels"],
        }),
        maxPriorityFeePerGas: toHex(parseGwei("100")),
        maxFeePerGas: toHex(parseGwei("1000")),
      },
    ])) as Hex;
    await rpc(anvil.url, "evm_mine");
    await rpc(anvil.url, "evm_setAutomine", [true]);
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    const [flagReceipt, batchReceipt] = await Promise.all(
      [flag, batch].map((hash) => p.publicClient.waitForTransactionReceipt({ hash })),
    );
    expect(flagReceipt?.blockNumber).toBe(batchReceipt?.blockNumber);
    expect(batchReceipt?.status).toBe("success");
    const rejected = parseEventLogs({
      abi: coordinatorAbi,
      eventName: "FulfillmentRejected",
      logs: batchReceipt?.logs ?? [],
    });
    expect(rejected.map((e) => e.args.requestId).sort()).toEqual([...ids].sort());

    // the node routes each rejected job to failure with the decoded reason: never lost, never sent again
    for (const id of ids) {
      await waitFor(`request ${id}'s job failed`, async () =>
        node?.store.get(id)?.state === "failed" ? true : undefined,
      );
      expect(node?.store.get(id)?.note).toBe(
        `rejected on chain: RegistryVersionFlagged(${PUBLIC_CLASSIFIER}, 1, "ipfs://flag/leaks-labels")`,
      );
      expect((await p.decisionOf(id)).status).toBe(1);
    }
    // a request whose version was flagged is cancelled at once: the whole escrow back, nobody slashed
    const cancel = await p.wallet(KEYS[1]).writeContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "cancelExpired",
      args: [await Promise.all(ids.map((id) => p.requestOf(id)))],
    } as never);
    const cancelled = await p.publicClient.waitForTransactionReceipt({ hash: cancel });
    const expiries = parseEventLogs({ abi: coordinatorAbi, eventName: "RequestExpired", logs: cancelled.logs });
    expect(expiries.map((e) => [e.args.requestId, e.args.operator, e.args.slashed])).toEqual(
      ids.map((id) => [id, zeroAddress, 0n]),
    );
    for (const e of expiries) expect(e.args.refund).toBeGreaterThan(0n);
  }, 300_000);
});
