/**
 * The weights of the deploy's sample models (script/config/demo-models.json), so the nodes serve those too: each is
 * circuits/src/sampleCalls.ts's model for the label '<circuit>/coordinator', drawn in the same order as there.
 */

import { commitmentOf, randomClassifier, randomMlp, SeededRandom, seedFor } from "@symbiote/circuits";
import { FIELD_MODULUS } from "@symbiote/sdk";
import { ARTIFACT_VERSION, toDecimalStrings } from "@symbiote/trainer";
import type { NodeModel } from "./nodes.ts";

const SAMPLE_CIRCUITS = ["classifier16-committed", "classifier16-public", "mlp16x32x4-public"] as const;

/** One sample model as a model-store entry (a trainer-format artifact under its commitment). */
function sampleModel(circuit: (typeof SAMPLE_CIRCUITS)[number]): NodeModel {
  const rng = new SeededRandom(seedFor(`${circuit}/coordinator`));
  const weightsSalt = (rng.next64() << 64n) % FIELD_MODULUS;
  rng.next64();
  rng.next64(); // the sample's input salt
  const family = circuit.startsWith("mlp") ? "mlp" : "classifier";
  const model = family === "mlp" ? randomMlp(rng, 16, 32, 4) : randomClassifier(rng, 16);
  const commitment = commitmentOf({ family, model, weightsSalt } as Parameters<typeof commitmentOf>[0]);
  const artifact = {
    format: "symbiote.model-artifact",
    version: ARTIFACT_VERSION,
    name: circuit,
    family,
    quantized: toDecimalStrings(model),
    weightsCommitment: { value: `0x${commitment.toString(16).padStart(64, "0")}`, salt: weightsSalt.toString() },
  };
  return { commitment, artifact, source: `sample model ${circuit}` };
}

/** Every sample model the deploy registers. */
export function sampleModels(): NodeModel[] {
  return SAMPLE_CIRCUITS.map(sampleModel);
}
