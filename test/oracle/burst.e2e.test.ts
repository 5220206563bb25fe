import { join } from "node:path";
import {
  type Anvil,
  type Consumer,
  deployConsumer,
  KEYS,
  type LocalProtocol,
  type PlannedRequest,
  prepareNode,
  RequestSender,
  rpc,
  startLocalProtocol,
  waitFor,
} from "@symbiote/devnet";
import { coordinatorAbi, packFeatures } from "@symbiote/sdk";
import { type Hex, toFunctionSelector, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { SeededRandom } from "../../circuits/src/randomModels.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "./helpers/node.ts";

const OPERATOR = KEYS[5];
const REQUESTERS = [KEYS[2], KEYS[3]] as const;
const operatorAddress = privateKeyToAccount(OPERATOR).address;
/** The deploy's public-input classifier demo model (script/config/demo-models.json). */
const PUBLIC_CLASSIFIER = 2n;
const BURST = 200;
/**
 * Requests for the deploy's MLP demo model, whose circuit and weights this node does not hold and which it never
 * declared: the seed draws nobody, the node tries as anyone may, cannot prove them, and they are refunded with nobody
 * slashed. (Input words that no features pack to are refused at request time now: `RegistryInputOutOfDomain`.)
 */
const UNSERVABLE = new Set([37, 101, 150, 199]);
const MLP = 3n;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];
let consumer: Consumer;

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-burst");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.registerOperator(OPERATOR);
  for (const key of REQUESTERS) await p.fundRequester(key);
  consumer = await deployConsumer(p, deployment, REQUESTERS[0]);
  const setup = await prepareNode(join(dir, "op"), {
    rpc: [anvil.url],
    deployment: deploymentPath,
    key: OPERATOR,
    // a ready proof waits up to a second for the ones being made, so a backlog goes out in fulfillBatch transactions
    extra: { gas: { stuckAfterMs: 5000, maxBatch: 10, batchWaitMs: 1000 } },
  });
  node = await startNode(setup);
  await rpc(anvil.url, "evm_setIntervalMining", [1]);
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

/** Every request: a third through the consumer (with a callback), the rest straight from two accounts. */
function plan(): PlannedRequest[] {
  const rng = new SeededRandom(777n);
  return Array.from({ length: BURST }, (_, i) => {
    const words = packFeatures(rng.vector(16));
    const params = { modelId: UNSERVABLE.has(i) ? MLP : PUBLIC_CLASSIFIER, inputMode: 0 as const, inputWords: words };
    return i % 3 === 0
      ? { key: REQUESTERS[0], via: consumer.address, params }
      : { key: REQUESTERS[(i % 3) - 1] as Hex, params };
  });
}

/** Events of one kind on the coordinator, from the deployment on. */
function events<E extends "DecisionRecorded" | "RequestExpired" | "CallbackFailed">(eventName: E) {
  return p.publicClient.getContractEvents({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    eventName,
    fromBlock: deployment.startBlock,
    strict: true,
  });
}

describe("a burst of 200 requests", () => {
  it("fulfills each servable request exactly once, in batches, and leaves the rest to be refunded", async () => {
    const planned = plan();
    const sender = new RequestSender(p, deployment);
    const started = performance.now();
    const ids = await sender.idsOf(await sender.burst(planned));
    await chain.fulfillSeeds();
    expect(new Set(ids).size).toBe(BURST);
    const unservable = ids.filter((_, i) => UNSERVABLE.has(i));
    const servable = ids.filter((_, i) => !UNSERVABLE.has(i));

    // the node works through the burst: every servable request fulfilled, the others knowingly given up
    await waitFor(
      "every servable request fulfilled",
      async () => {
        const decisions = await Promise.all(servable.map((id) => p.decisionOf(id)));
        return decisions.every((d) => d.status === 2) ? true : undefined;
      },
      900_000,
    );
    const elapsedS = (performance.now() - started) / 1000;
    await waitFor("the node to record every outcome", async () => {
      const counts = node?.store.counts();
      return counts?.confirmed === servable.length && counts.failed === unservable.length ? true : undefined;
    }).catch((error: Error) => {
      // name the jobs that did not end as expected, with how they got there
      const odd = ids
        .map((id) => node?.store.get(id))
        .filter((job) => job && job.state !== (unservable.includes(job.requestId) ? "failed" : "confirmed"))
        .map((job) => ({ ...job, history: node?.store.history(job?.requestId as bigint) }));
      throw new Error(
        `${error.message}: ${JSON.stringify(node?.store.counts())}\n${JSON.stringify(odd, (_, v) => (typeof v === "bigint" ? String(v) : v), 1)}`,
      );
    });
    for (const id of unservable)
      expect(node?.store.get(id)?.note, `request ${id}`).toMatch(/the model store has no artifact/);

    // after the deadline anyone may cancel: exactly the unserved requests are refunded
    const { requestTimeout } = await p.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "serviceParams",
    });
    await rpc(anvil.url, "evm_increaseTime", [requestTimeout + 1]);
    await rpc(anvil.url, "evm_mine");
    const cancel = await p.wallet(KEYS[1]).writeContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "cancelExpired",
      args: [await Promise.all(ids.map((id) => p.requestOf(id)))],
    } as never);
    expect((await p.publicClient.waitForTransactionReceipt({ hash: cancel })).status).toBe("success");

    const fulfilled = new Map<bigint, number>();
    const batchSizes = new Map<Hex, number>();
    for (const e of await events("DecisionRecorded")) {
      fulfilled.set(e.args.requestId, (fulfilled.get(e.args.requestId) ?? 0) + 1);
      batchSizes.set(e.transactionHash, (batchSizes.get(e.transactionHash) ?? 0) + 1);
      expect(e.args.operator).toBe(operatorAddress);
    }
    const refunded = new Map<bigint, bigint>();
    for (const e of await events("RequestExpired")) {
      refunded.set(e.args.requestId, e.args.refund);
      // nobody was drawn for a version no operator declared, so nobody answers for it
      expect([e.args.operator, e.args.slashed], `request ${e.args.requestId}: nobody slashed`).toEqual([
        zeroAddress,
        0n,
      ]);
    }
    for (const id of ids) {
      const outcome = (fulfilled.get(id) ?? 0) + (refunded.has(id) ? 1 : 0);
      expect(outcome, `request ${id}: fulfilled or refunded, exactly once`).toBe(1);
      expect((await p.decisionOf(id)).status, `request ${id} settled`).toBeGreaterThanOrEqual(2);
    }
    expect([...refunded.keys()].sort()).toEqual([...unservable].sort());
    for (const amount of refunded.values()) expect(amount).toBeGreaterThan(0n);

    // the consumer's requests were called back, each once
    const viaConsumer = ids.filter((_, i) => planned[i]?.via);
    // (a callback runs in its decision's transaction; only a failure has an event of its own)
    const calledBack = viaConsumer.filter((id) => fulfilled.has(id));
    const failed = (await events("CallbackFailed")).filter((e) => viaConsumer.includes(e.args.requestId));
    expect(calledBack.length).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    expect((await consumer.last()).results).toBe(BigInt(calledBack.length));

    // several proofs were ready at once and went out in one batch (packed: fulfillBatchPacked), never more than maxBatch
    const batches = [...batchSizes].filter(([, n]) => n > 1);
    expect(batches.length).toBeGreaterThan(0);
    expect(Math.max(...batchSizes.values())).toBeLessThanOrEqual(10);
    const [batchHash] = batches[0] as [Hex, number];
    const tx = await p.publicClient.getTransaction({ hash: batchHash });
    expect(tx.input.slice(0, 10)).toBe(
      toFunctionSelector(coordinatorAbi.find((f) => f.type === "function" && f.name === "fulfillBatchPacked") as never),
    );
    const proofs = (await node?.metrics.proofSeconds.get())?.values ?? [];
    const proofSum = proofs.find((v) => v.metricName?.endsWith("_sum"))?.value ?? 0;
    console.log(
      `burst: prover busy ${proofSum.toFixed(1)} s; ${servable.length} fulfilled in ${elapsedS.toFixed(1)} s (${((servable.length / elapsedS) * 60).toFixed(0)}/min), ` +
        `${batchSizes.size} fulfillment transactions, largest batch ${Math.max(...batchSizes.values())}`,
    );
  }, 1_200_000);
});
