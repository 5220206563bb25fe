/**
 * The weights behind the deploy script's demo models, so an operator's store can serve what the deploy registered.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT, randomClassifier, randomMlp, SeededRandom, seedFor } from "@symbiote/circuits";
import { FIELD_MODULUS } from "@symbiote/sdk";
import { ARTIFACT_VERSION, toDecimalStrings } from "@symbiote/trainer";
import { type Address, getAddress } from "viem";

/**
 * The owner the local deploy hands the demo models to (script/config/local.json's `demoModels.owner`): the publisher
 * their artifacts name, so that an operator's store serves them for that owner's models and no one else's.
 */
export function demoModelOwner(): Address {
  const config = JSON.parse(readFileSync(resolve(REPO_ROOT, "script/config/local.json"), "utf8")) as {
    demoModels: { owner: string };
  };
  return getAddress(config.demoModels.owner);
}

/**
 * The weights of the deploy script's demo models (script/config/demo-models.json): sampleCall's model for the label
 * '<circuit>/coordinator', drawn in the same order, written as a trainer artifact the model store accepts, bound to
 * the demo models' owner.
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
      publisher: demoModelOwner(),
    },
  } as const;
}

/** The bytes of a demo model's card (script/config/demo-models.json names the file; its metadataURI commits to them). */
export function demoCard(name: string): Uint8Array {
  const config = JSON.parse(readFileSync(resolve(REPO_ROOT, "script/config/demo-models.json"), "utf8")) as {
    models: { name: string; card: string }[];
  };
  const model = config.models.find((m) => m.name === name);
  if (!model) throw new Error(`script/config/demo-models.json has no model ${name}`);
  return new Uint8Array(readFileSync(resolve(REPO_ROOT, "script/config", model.card)));
}
