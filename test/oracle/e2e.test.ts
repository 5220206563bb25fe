import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Anvil,
  demoModel,
  KEYS,
  type LocalProtocol,
  prepareNode,
  startLocalProtocol,
  waitFor,
} from "@symbiote/devnet";
import { coordinatorAbi, getDecisionTrail, requestFeeParts } from "@symbiote/sdk";
import { createPublicClient, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { loadManifest } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { SeededRandom } from "../../circuits/src/randomModels.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "./helpers/node.ts";

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const operatorAddress = privateKeyToAccount(OPERATOR).address;
const requesterAddress = privateKeyToAccount(REQUESTER).address;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];

beforeAll(async () => {
  chain = await startLocalProtocol("e2e");
  ({ anvil, deploymentPath, deployment, dir, p } = chain);
  await p.registerOperator(OPERATOR);
  await p.fundRequester(REQUESTER);
  // the requester is the data owner and names the operator's node as the one holding its data
  await p.setDataNode(REQUESTER, OPERATOR);
  // from here on a block a second, so confirmations accrue without transactions
  await chain.mineEvery(1);
  // Generous: under CI the deploy shares two cores with the other suites.
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

describe("operator node on a deployed protocol", () => {
  it("fulfills a committed-input and a public-input request with real proofs, and tells the audit trail", async () => {
    const setup = await prepareNode(join(dir, "op"), { rpc: [anvil.url], deployment: deploymentPath, key: OPERATOR });
    // the data owner's private features, in its node's local data store
    const rng = new SeededRandom(99n);
    const features = rng.vector(16);
    const inputSalt = 123456789n;
    const inputCommitment = computeInputCommitment("classifier", features, inputSalt);
    writeFileSync(
      join(setup.dir, "data", `${inputCommitment.toString(16).padStart(64, "0")}.json`),
      JSON.stringify({ inputs: features.map(String), salt: inputSalt.toString() }),
    );
    // the data owner registers the commitment, so a committed request may use it
    await p.registerInputs(REQUESTER, [inputCommitment]);
    node = await startNode(setup);

    const committedId = await p.request(REQUESTER, {
      modelId: 1n,
      inputCommitment,
      dataOwner: requesterAddress,
    });
    const publicId = await p.request(REQUESTER, { modelId: 2n, features });
    // the Chainlink node's part: answer the round's seed request through the local VRF mock
    await chain.fulfillSeeds();

    for (const id of [committedId, publicId]) {
      await waitFor(`request ${id} fulfilled`, async () => {
        const d = await p.decisionOf(id);
        return d.status === 2 ? d : undefined;
      });
      expect(await p.operatorOf(id)).toBe(operatorAddress);
    }
    await waitFor("the node to record the confirmations", async () =>
      node?.store.get(committedId)?.state === "confirmed" && node?.store.get(publicId)?.state === "confirmed"
        ? true
        : undefined,
    );

    const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const manifest = loadManifest();
    const committed = await getDecisionTrail(client, { deployment, manifest, requestId: committedId });
    const expected = inferClassifier(demoModel("classifier16-committed").model as ClassifierModel, features);
    expect(committed.status).toBe("Fulfilled");
    expect(committed.operator).toBe(operatorAddress);
    expect(committed.inputMode).toBe("committed");
    expect(committed.circuit.manifestId).toBe("classifier16-committed");
    expect(committed.outputs).toEqual(expected.explanationWords);
    expect(committed.decoded?.score).toBe(expected.score);
    expect(committed.decoded?.decision).toBe(expected.decision ? 1n : 0n);
    expect(committed.decoded?.["contribution[0]"]).toBe(expected.contributions[0]);
    const receipt = await client.getTransactionReceipt({ hash: committed.verifyingTransaction?.hash as `0x${string}` });
    expect(receipt.status).toBe("success");
    // settled alone: no FeesCredited, and the trail's parts are exactly what the operator's balance received
    expect(parseEventLogs({ abi: coordinatorAbi, eventName: "FeesCredited", logs: receipt.logs })).toHaveLength(0);
    expect(committed.fees?.single).toBe(true);
    expect(committed.fees?.groupMatches).toBe(true);
    if (!committed.fees) throw new Error("no fees in the trail");
    expect(committed.fees.parts).toEqual(requestFeeParts(committed.request, committed.fees.shares));
    expect(committed.fees.parts.operator).toBeGreaterThan(0n);

    const pub = await getDecisionTrail(client, { deployment, manifest, requestId: publicId });
    const expectedPublic = inferClassifier(demoModel("classifier16-public").model as ClassifierModel, features);
    expect(pub.circuit.manifestId).toBe("classifier16-public");
    expect(pub.decoded?.score).toBe(expectedPublic.score);

    // the node's own view: /healthz and the fulfilled counter
    const health = await fetch(`http://127.0.0.1:${node.metricsPort}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/symbiote_oracle_requests_fulfilled_total 2/);
  }, 180_000);
});
