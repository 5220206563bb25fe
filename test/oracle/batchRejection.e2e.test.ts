/**
 * A fulfilBatch item the chain rejects is reverted alone (`FulfilmentRejected`) while the batch lands: the submitter
 * reads the reason from the receipt and routes that job alone, never losing it. Two requests carry a proof that does
 * not verify (failed, with the decoded reason), one waits for its round's seed (back to `proved` for another try).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type Address, createWalletClient, type Hex, http, parseEventLogs, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorAbi, modelRegistryAbi } from "../../oracle/src/chain/abis.ts";
import { type Deployment, loadDeployment } from "../../oracle/src/chain/deployment.ts";
import { encodeRequest } from "../../oracle/src/chain/request.ts";
import { JobStore } from "../../oracle/src/jobs/jobStore.ts";
import { Submitter } from "../../oracle/src/submit/submitter.ts";
import { packFeatures } from "../../oracle/src/zk/packing.ts";
import { SeededRandom } from "../../oracle/src/zk/randomModels.ts";
import { type Anvil, startAnvil } from "../helpers/anvil.ts";
import { deployProtocol, KEYS, mocksFileOf, removeDeployment, rpc } from "./helpers/anvil.ts";
import { protocol } from "./helpers/protocol.ts";

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const PUBLIC_CLASSIFIER = 2n;

let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let store: JobStore | undefined;
let p: ReturnType<typeof protocol>;

beforeAll(async () => {
  anvil = await startAnvil();
  deploymentPath = await deployProtocol(anvil, `e2e-rejection-${anvil.port}`);
  deployment = loadDeployment(deploymentPath, 31337);
  dir = mkdtempSync(join(tmpdir(), "symbiote-rejection-"));
  p = protocol(anvil.url, deployment);
  await p.registerOperator(OPERATOR);
  await p.fundRequester(REQUESTER);
}, 600_000);

afterAll(async () => {
  store?.close();
  await anvil?.stop();
  if (deploymentPath) removeDeployment(deploymentPath);
  if (dir) rmSync(dir, { recursive: true, force: true });
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

describe("a batch with items the chain rejects", () => {
  it("lands, and each rejected item goes back to its job's retry or failure path with the decoded reason", async () => {
    const rng = new SeededRandom(5n);
    const request = () =>
      p.request(REQUESTER, { modelId: PUBLIC_CLASSIFIER, inputMode: 0, inputWords: packFeatures(rng.vector(16)) });
    // two requests of a round whose seed is known (the operator, the only one, is drawn for both)…
    const invalid = [await request(), await request()];
    const raw = JSON.parse(readFileSync(deploymentPath, "utf8")) as { contracts: { epochRandomness: Address } };
    const vrf = JSON.parse(readFileSync(mocksFileOf(deploymentPath), "utf8")).vrfCoordinator as Address;
    await p.fulfilSeeds(raw.contracts.epochRandomness, vrf);
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
    // the batch simulates fine (no item reverts it) and goes out whole
    expect(await submitter.submitReady()).toBe(3);
    const txHash = store.get(waiting)?.txHash as Hex;
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash: txHash });
    expect(receipt.status).toBe("success");
    const rejected = parseEventLogs({ abi: coordinatorAbi, eventName: "FulfilmentRejected", logs: receipt.logs });
    expect(rejected.map((e) => e.args.requestId).sort()).toEqual([...invalid, waiting].sort());

    // the submitter judges a spent nonce one block below the head: let one more block pass
    await rpc(anvil.url, "evm_mine");
    await submitter.reconcile();

    for (const id of invalid) {
      const job = store.get(id);
      expect(job?.state, `request ${id}`).toBe("failed");
      expect(job?.note).toBe(`rejected on chain: CoordinatorInvalidProof(${id})`);
      expect((await p.decisionOf(id)).status, `request ${id} still pending on chain`).toBe(1);
    }
    const retried = store.get(waiting);
    expect(retried?.state).toBe("proved");
    expect(retried?.note).toMatch(/^not yet servable \(on chain\): CoordinatorAssignmentPending\(\d+, \d+\)$/);
    expect(retried?.attempts).toBe(2);

    // sent again, it would only be rejected again: it is simulated alone first, and stays back while the seed is awaited
    expect(await submitter.submitReady()).toBe(0);
    expect(store.get(waiting)?.state).toBe("proved");
    expect(store.get(waiting)?.note).toMatch(/^not yet servable \(simulation\): CoordinatorAssignmentPending/);
    // once the seed is known, what refuses it is its own proof
    await p.fulfilSeeds(raw.contracts.epochRandomness, vrf);
    expect(await submitter.submitReady()).toBe(0);
    expect(store.get(waiting)?.state).toBe("failed");
    expect(store.get(waiting)?.note).toBe(`refused in simulation: CoordinatorInvalidProof`);
  }, 300_000);
});
