/**
 * The operator node batches by circuit. Requests on two circuits (the committed-input and the public-input
 * classifier), all ready together, settle in one `fulfillBatch` per circuit, with one `FeesCredited` per batch whose
 * sums the decision trail re-derives exactly. A proof that does not verify never costs the others their settlement:
 * the single simulations find it, its job fails with the decoded reason, and the good proofs of its circuit still go
 * out in one batch.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Anvil, KEYS, type LocalProtocol, prepareNode, rpc, startLocalProtocol, waitFor } from "@symbiote/devnet";
import { coordinatorAbi, getDecisionTrail, requestFeeParts } from "@symbiote/sdk";
import pino from "pino";
import { createWalletClient, type Hex, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { loadManifest } from "../../circuits/src/manifest.ts";
import { SeededRandom } from "../../circuits/src/randomModels.ts";
import { encodeRequest, type StoredProof } from "../../oracle/src/chain/request.ts";
import { JobStore } from "../../oracle/src/jobs/jobStore.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { Submitter } from "../../oracle/src/submit/submitter.ts";
import { startNode } from "./helpers/node.ts";

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const operatorAddress = privateKeyToAccount(OPERATOR).address;
const requesterAddress = privateKeyToAccount(REQUESTER).address;
/** The deploy's demo models (script/config/demo-models.json): committed-input and public-input classifiers. */
const COMMITTED_CLASSIFIER = 1n;
const PUBLIC_CLASSIFIER = 2n;
const PER_CIRCUIT = 3;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-circuits");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.registerOperator(OPERATOR);
  await p.fundRequester(REQUESTER);
  // the requester is the data owner and names the operator's node as the one holding its data
  await p.setDataNode(REQUESTER, OPERATOR);
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

describe("batching by circuit", () => {
  it("settles requests on two circuits in one fulfillBatch per circuit, fees credited once per batch", async () => {
    // uncached: viem answers from a cache up to its polling interval old, which could reach back into an earlier test's requests
    const firstBlock = await p.publicClient.getBlockNumber({ cacheTime: 0 });
    const setup = await prepareNode(join(dir, "op"), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key: OPERATOR,
      // a ready proof waits while others are still being made, so each circuit's proofs go out together
      extra: {
        gas: { stuckAfterMs: 60_000, maxBatch: 10, batchWaitMs: 60_000 },
        watcher: { startBlock: Number(firstBlock) + 1 },
      },
    });
    const rng = new SeededRandom(31n);
    const commitments: bigint[] = [];
    for (let i = 0; i < PER_CIRCUIT; i++) {
      const features = rng.vector(16);
      const salt = 1000n + BigInt(i);
      const commitment = computeInputCommitment("classifier", features, salt);
      writeFileSync(
        join(setup.dir, "data", `${commitment.toString(16).padStart(64, "0")}.json`),
        JSON.stringify({ inputs: features.map(String), salt: salt.toString() }),
      );
      commitments.push(commitment);
    }
    await p.registerInputs(REQUESTER, commitments);
    // every request is made, and the round's seed known, before the node starts: all are ready in its first rounds
    const ids: bigint[] = [];
    for (const commitment of commitments) {
      ids.push(
        await p.request(REQUESTER, {
          modelId: COMMITTED_CLASSIFIER,
          inputCommitment: commitment,
          dataOwner: requesterAddress,
        }),
      );
    }
    for (let i = 0; i < PER_CIRCUIT; i++) {
      ids.push(
        await p.request(REQUESTER, {
          modelId: PUBLIC_CLASSIFIER,
          features: rng.vector(16),
        }),
      );
    }
    await chain.fulfillSeeds();
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    node = await startNode(setup);

    await waitFor(
      "every request confirmed",
      async () => (ids.every((id) => node?.store.get(id)?.state === "confirmed") ? true : undefined),
      240_000,
    );
    const requests = new Map(await Promise.all(ids.map(async (id) => [id, await p.requestOf(id)] as const)));
    const decided = await p.publicClient.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "DecisionRecorded",
      fromBlock: firstBlock,
      strict: true,
    });
    expect(decided.map((e) => e.args.requestId).sort()).toEqual([...ids].sort());
    const byTx = new Map<Hex, bigint[]>();
    for (const e of decided) byTx.set(e.transactionHash, [...(byTx.get(e.transactionHash) ?? []), e.args.requestId]);
    // one transaction per circuit, each holding every request of its circuit
    expect(byTx.size).toBe(2);
    const circuitsPerTx = [...byTx.values()].map(
      (members) => new Set(members.map((id) => requests.get(id)?.circuitId)),
    );
    for (const circuits of circuitsPerTx) expect(circuits.size).toBe(1);
    expect(new Set(circuitsPerTx.map((c) => [...c][0])).size).toBe(2);
    for (const members of byTx.values()) expect(members).toHaveLength(PER_CIRCUIT);

    // fees credited once per batch (one model version each), the sums of the requests' parts
    for (const [hash, members] of byTx) {
      const receipt = await p.publicClient.getTransactionReceipt({ hash });
      const credits = parseEventLogs({ abi: coordinatorAbi, eventName: "FeesCredited", logs: receipt.logs });
      expect(credits).toHaveLength(1);
      const credit = credits[0]?.args;
      expect(credit?.count).toBe(BigInt(members.length));
      expect(credit?.operator).toBe(operatorAddress);
      const trail = await getDecisionTrail(p.publicClient, {
        deployment,
        manifest: loadManifest(),
        requestId: members[0] as bigint,
      });
      expect(trail.operator).toBe(operatorAddress);
      expect(trail.fees?.groupMatches).toBe(true);
      expect(trail.fees?.single).toBe(false);
      expect(trail.fees?.group?.count).toBe(BigInt(members.length));
      const request = requests.get(members[0] as bigint);
      if (!request || !trail.fees) throw new Error("no request or fees");
      expect(trail.fees.parts).toEqual(requestFeeParts(request, trail.fees.shares));
      const gasPerItem = receipt.gasUsed / BigInt(members.length);
      console.log(`batch of ${members.length} on circuit ${request.circuitId}: ${gasPerItem} gas per inference`);
    }
    // the node chose the batch for every proof, from the simulated gas
    const choices = await node.metrics.settlementChoices.get();
    const batched = choices.values.find((v) => v.labels.kind === "batch")?.value ?? 0;
    expect(batched).toBe(ids.length);
  }, 600_000);

  it("a proof that does not verify fails alone, with the decoded reason; the others still settle in one batch", async () => {
    await node?.stop();
    node = undefined;
    const rng = new SeededRandom(32n);
    // uncached: viem answers from a cache up to its polling interval old, which could reach back into an earlier test's requests
    const firstBlock = await p.publicClient.getBlockNumber({ cacheTime: 0 });
    const setup = await prepareNode(join(dir, "prover"), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key: OPERATOR,
      extra: {
        gas: { stuckAfterMs: 600_000, maxBatch: 10, batchWaitMs: 60_000 },
        watcher: { startBlock: Number(firstBlock) + 1 },
      },
    });
    const ids: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        await p.request(REQUESTER, {
          modelId: PUBLIC_CLASSIFIER,
          features: rng.vector(16),
        }),
      );
    }
    await chain.fulfillSeeds();
    // the node proves the three; its transaction is kept out of any block and dropped, so the proofs stay unused
    await rpc(anvil.url, "anvil_mine", ["0x4"]);
    await rpc(anvil.url, "evm_setIntervalMining", [0]);
    await rpc(anvil.url, "evm_setAutomine", [false]);
    node = await startNode(setup);
    await waitFor(
      "the three proofs made and sent",
      async () => (ids.every((id) => node?.store.get(id)?.state === "submitted") ? true : undefined),
      240_000,
    );
    const proofs = ids.map((id) => JSON.parse(node?.store.get(id)?.proof as string) as StoredProof);
    await node.stop();
    node = undefined;
    await rpc(anvil.url, "anvil_dropAllTransactions");
    await rpc(anvil.url, "evm_setAutomine", [true]);

    // a submitter whose store holds the real proofs of the first two, and the first one's proof for the third: a
    // well-formed proof bound to another request, which the verifier refuses
    const store = new JobStore(join(dir, "jobs.sqlite"));
    try {
      const stored = [proofs[0], proofs[1], proofs[0]] as StoredProof[];
      for (const [i, id] of ids.entries()) {
        const request = await p.requestOf(id);
        const [event] = await p.publicClient.getContractEvents({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          eventName: "InferenceRequested",
          args: { requestId: id },
          fromBlock: firstBlock,
          strict: true,
        });
        if (!event) throw new Error(`request ${id}: no InferenceRequested`);
        store.recordRange(
          [
            {
              requestId: id,
              request: encodeRequest(request),
              blockNumber: event.blockNumber,
              blockHash: event.blockHash,
              logIndex: event.logIndex,
              deadline: request.deadline,
            },
          ],
          { block: event.blockNumber, blockHash: event.blockHash },
        );
        store.transition(id, ["seen"], "assigned", { serveAfter: 0n });
        store.transition(id, ["assigned"], "proving");
        store.transition(id, ["proving"], "proved", { proof: JSON.stringify(stored[i]) });
      }
      const submitter = new Submitter({
        publicClient: p.publicClient as never,
        walletClient: createWalletClient({
          chain: foundry,
          transport: http(anvil.url),
          account: privateKeyToAccount(OPERATOR),
        }),
        store,
        coordinator: deployment.coordinator,
        gas: { maxFeeGwei: 500, priorityFeeGwei: 1, bumpPercent: 20, stuckAfterMs: 60_000, maxBatch: 10 },
        confirmations: 0,
        log: pino({ level: "silent" }),
      });
      await submitter.init();
      expect(await submitter.submitReady()).toBe(2);
      const bad = store.get(ids[2] as bigint);
      expect(bad?.state).toBe("failed");
      expect(bad?.note).toBe("refused in simulation: CoordinatorInvalidProof");
      const [first, second] = [store.get(ids[0] as bigint), store.get(ids[1] as bigint)];
      expect(first?.state).toBe("submitted");
      expect(second?.txHash).toBe(first?.txHash);
      const receipt = await p.publicClient.waitForTransactionReceipt({ hash: first?.txHash as Hex });
      expect(receipt.status).toBe("success");
      const decided = parseEventLogs({ abi: coordinatorAbi, eventName: "DecisionRecorded", logs: receipt.logs });
      expect(decided.map((e) => e.args.requestId)).toEqual(ids.slice(0, 2));
      await submitter.reconcile();
      expect(store.get(ids[0] as bigint)?.state).toBe("confirmed");
      expect(store.get(ids[1] as bigint)?.state).toBe("confirmed");
      expect((await p.decisionOf(ids[2] as bigint)).status).toBe(1);
    } finally {
      store.close();
    }
  }, 600_000);
});
