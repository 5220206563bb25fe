import { ARTIFACT_VERSION, toDecimalStrings } from "../../../oracle/src/train/artifact.ts";
import { FIELD_MODULUS } from "../../../oracle/src/zk/params.ts";
import { randomClassifier, randomMlp, SeededRandom } from "../../../oracle/src/zk/randomModels.ts";
import { seedFor } from "../../../oracle/src/zk/sampleCalls.ts";

/**
 * The weights of the deploy script's demo models (script/config/demo-models.json): sampleCall's model for the label
 * '<circuit>/coordinator', drawn in the same order, written as a trainer artifact the model store accepts.
 */
export function demoModel(circuit: "classifier16-committed" | "classifier16-public" | "mlp16x32x4-public") {
  const rng = new SeededRandom(seedFor(`${circuit}/coordinator`));
  const weightsSalt = (rng.next64() << 64n) % FIELD_MODULUS;
  rng.next64();
  rng.next64(); // the sample's input salt
  const family = circuit.startsWith("mlp") ? "mlp" : "classifier";
  const model = family === "mlp" ? randomMlp(rng, 16, 32, 4) : randomClassifier(rng, 16);
  return {
    family,
    model,
    weightsSalt,
    artifact: {
      format: "symbiote.model-artifact",
      version: ARTIFACT_VERSION,
      name: circuit,
      family,
      quantized: toDecimalStrings(model),
      weightsCommitment: { value: "", salt: weightsSalt.toString() },
    },
  } as const;
}
