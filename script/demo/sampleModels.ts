/**
 * The deploy's sample models (script/config/demo-models.json) as model-store entries, so the nodes serve those too:
 * the weights are the devnet's `demoModel`s, committed here under their salts.
 */

import { commitmentOf } from "@symbiote/circuits";
import { demoModel } from "@symbiote/devnet";
import type { NodeModel } from "./nodes.ts";

const SAMPLE_CIRCUITS = ["classifier16-committed", "classifier16-public", "mlp16x32x4-public"] as const;

/** One sample model as a model-store entry (a trainer-format artifact under its commitment). */
function sampleModel(circuit: (typeof SAMPLE_CIRCUITS)[number]): NodeModel {
  const demo = demoModel(circuit);
  const commitment = commitmentOf(demo as Parameters<typeof commitmentOf>[0]);
  const artifact = {
    ...demo.artifact,
    weightsCommitment: { value: `0x${commitment.toString(16).padStart(64, "0")}`, salt: demo.weightsSalt.toString() },
  };
  return { commitment, artifact, source: `sample model ${circuit}` };
}

/** Every sample model the deploy registers. */
export function sampleModels(): NodeModel[] {
  return SAMPLE_CIRCUITS.map(sampleModel);
}
