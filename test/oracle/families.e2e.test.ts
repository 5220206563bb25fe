/**
 * The node's happy path for the MLP and the recommender, with public and with committed inputs (the classifier's is in
 * e2e.test.ts): a consumer contract requests, the operator node proves for real and submits, the coordinator verifies
 * and calls the consumer back, and the outputs on chain are exactly the TypeScript reference inference's.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Anvil,
  type Consumer,
  declareFromStore,
  deployConsumer,
  FAMILY_CIRCUITS,
  grantAccess,
  KEYS,
  type LocalProtocol,
  prepareNode,
  type RegisteredModel,
  registerFamilyModel,
  rpc,
  startLocalProtocol,
  waitFor,
} from "@symbiote/devnet";
import { getDecisionTrail, packFeatures } from "@symbiote/sdk";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { loadManifest } from "../../circuits/src/manifest.ts";
import { inferMlp, type MlpModel } from "../../circuits/src/models/mlp.ts";
import { inferRecommender, type RecommenderModel } from "../../circuits/src/models/recommender.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "./helpers/node.ts";

const OPERATOR = KEYS[5];
const DATA_OWNER = KEYS[3];
const MODEL_OWNER = KEYS[4];
const operatorAddress = privateKeyToAccount(OPERATOR).address;
const dataOwnerAddress = privateKeyToAccount(DATA_OWNER).address;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];
let consumer: Consumer;
const models = {} as Record<"mlp" | "recommender", RegisteredModel>;

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-families");
  ({ anvil, deploymentPath, deployment, p } = chain);
  dir = chain.dir;
  await p.registerOperator(OPERATOR);
  // one model per family, offered with public and with committed inputs under one weights commitment
  models.mlp = await registerFamilyModel(p, deployment, deploymentPath, MODEL_OWNER, "mlp");
  models.recommender = await registerFamilyModel(p, deployment, deploymentPath, MODEL_OWNER, "recommender");
  consumer = await deployConsumer(p, deployment);
  // the data owner runs its data through the operator's node and lets the consumer use it with both models
  await p.setDataNode(DATA_OWNER, OPERATOR);
  await p.registerInputs(DATA_OWNER, Object.values(models).map(inputCommitmentOf));
  for (const m of Object.values(models)) await grantAccess(p, deployment, DATA_OWNER, consumer.address, m.modelId);

  const setup = await prepareNode(join(dir, "op"), {
    rpc: [anvil.url],
    deployment: deploymentPath,
    key: OPERATOR,
    circuits: Object.values(FAMILY_CIRCUITS).flatMap((c) => [c.public, c.committed]),
    models: Object.values(models).map((m) => ({ commitment: m.commitment, artifact: m.artifact, name: m.label })),
  });
  // the data owner's private inputs, in its node's data store (the file name is the commitment)
  for (const m of Object.values(models)) {
    writeFileSync(
      join(setup.dir, "data", `${inputCommitmentOf(m).toString(16).padStart(64, "0")}.json`),
      JSON.stringify({ inputs: m.inputs.map(String), salt: SALT.toString() }),
    );
  }
  // the operator declares what its store proves (the classifiers and both family models), as `models sync` does
  await declareFromStore(setup);
  node = await startNode(setup);
  // from here on a block a second, so confirmations accrue without transactions
  await rpc(anvil.url, "evm_setIntervalMining", [1]);
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

const SALT = 987654321n;

function inputCommitmentOf(m: RegisteredModel): bigint {
  return computeInputCommitment(m.family, m.inputs, SALT);
}

/** The circuit's output words and a few decoded values, from the TypeScript reference inference. */
function reference(m: RegisteredModel): { outputs: bigint[]; decoded: Record<string, bigint> } {
  if (m.family === "mlp") {
    const out = inferMlp(m.model as MlpModel, m.inputs);
    return {
      outputs: [...out.logitWords, BigInt(out.argmax)],
      decoded: { argmax: BigInt(out.argmax), ...Object.fromEntries(out.logits.map((l, i) => [`logit[${i}]`, l])) },
    };
  }
  const out = inferRecommender(m.model as RecommenderModel, m.inputs, 3);
  return {
    outputs: [out.topKWord],
    decoded: Object.fromEntries(
      out.top.flatMap((item, r) => [
        [`index[${r}]`, BigInt(item.index)],
        [`score[${r}]`, item.score],
      ]),
    ),
  };
}

const CASES = [
  { family: "mlp", mode: "public" },
  { family: "mlp", mode: "committed" },
  { family: "recommender", mode: "public" },
  { family: "recommender", mode: "committed" },
] as const;

describe("operator node, every model family and input mode", () => {
  it.each(CASES)(
    "serves a $family request with $mode inputs: real proof, reference outputs, consumer called back",
    async ({ family, mode }) => {
      const m = models[family];
      const committed = mode === "committed";
      const id = await consumer.request({
        modelId: m.modelId,
        inputMode: committed ? 1 : 0,
        inputWords: committed ? [inputCommitmentOf(m)] : packFeatures(m.inputs),
        dataOwner: committed ? dataOwnerAddress : undefined,
      });
      // the Chainlink node's part: answer the round's seed request through the local VRF mock
      await chain.fulfillSeeds();

      await waitFor(
        `${family} ${mode} request ${id} fulfilled`,
        async () => {
          const d = await p.decisionOf(id);
          return d.status === 2 ? d : undefined;
        },
        120_000,
      );
      expect(await p.operatorOf(id)).toBe(operatorAddress);

      const expected = reference(m);
      const trail = await getDecisionTrail(p.publicClient, { deployment, manifest: loadManifest(), requestId: id });
      expect(trail.circuit.manifestId).toBe(FAMILY_CIRCUITS[family][mode]);
      expect(trail.inputMode).toBe(mode);
      expect(trail.operator).toBe(operatorAddress);
      expect(trail.outputs).toEqual(expected.outputs);
      for (const [name, value] of Object.entries(expected.decoded)) expect(trail.decoded?.[name], name).toBe(value);

      // the consumer's callback ran and received exactly the verified outputs
      expect(await consumer.callbackOf(id)).toMatchObject({ success: true });
      const last = await consumer.last();
      expect(last.requestId).toBe(id);
      expect(last.outputs).toEqual(expected.outputs);
      await waitFor(`the node to record request ${id} as confirmed`, async () =>
        node?.store.get(id)?.state === "confirmed" ? true : undefined,
      );
    },
    180_000,
  );

  it("counted every fulfillment in its metrics", async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${node?.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/symbiote_oracle_requests_fulfilled_total 4/);
    expect(metrics).toMatch(/symbiote_oracle_requests_failed_total 0/);
  });
});
