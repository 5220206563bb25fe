import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  ArtifactMissingError,
  bindPublisher,
  fitsShape,
  ModelCommitmentMismatchError,
  type ModelStore,
  parseCompiledModelFile,
  parseServedModel,
  type ServedModel,
  sha256Hex,
  treePublicSignalLayout,
  weightsBindingOf,
} from "@symbiote/circuits";
import {
  FatalError,
  type Manifest,
  type ManifestCircuit,
  type RegistryCircuit,
  resolveCircuit,
  UnknownCircuitArtifactsError,
} from "@symbiote/sdk";
import type { Address } from "viem";

/** A compiled model's circuit that the registry does not know (not registered through governance, or rebuilt). */
export class UnregisteredCircuitError extends FatalError {
  override name = "UnregisteredCircuitError";
}

/**
 * A compile folder whose model.json does not fit its manifest entry: weights of another shape, or a tree ensemble
 * quantised at other scales than the layout the entry's decoder reads.
 */
export class CompiledShapeMismatchError extends FatalError {
  override name = "CompiledShapeMismatchError";
}

/** What the registry holds that a compiled model must match: every circuit and every version's commitment. */
export type RegistryView = {
  circuits: readonly (RegistryCircuit & { active: boolean })[];
  commitments: ReadonlySet<bigint>;
};

export type AddedCompiledModel = {
  circuitId: string;
  /** The registry's id of the circuit the model is proven on. */
  registryCircuitId: number;
  weightsCommitment: bigint;
  /** The artifacts copied into the store, by file name. */
  artifacts: string[];
  /** The model owner the stored weights were handed over for; undefined when model.json names none (not served). */
  publisher: Address | undefined;
};

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) {
    throw new ArtifactMissingError(
      `${path} is missing: \`models add\` takes the --out folder of \`npm run model -- compile\`, which holds ${what}.`,
    );
  }
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new FatalError(`${path} is not valid JSON; compile the model again.`, { cause });
  }
}

/** Every file under `dir` by the sha256 of its content (the compile folder holds a handful of files). */
function filesByHash(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(sha256Hex(readFileSync(path)), path);
    }
  };
  walk(dir);
  return out;
}

/**
 * Refuses weights that do not fit the entry's shape and, for a tree ensemble, an entry whose public-signal layout is
 * not the one the model's scales give (the explorer and the SDK read the proven values through that layout).
 */
function assertFitsEntry(served: ServedModel, entry: ManifestCircuit, modelPath: string): void {
  if (!fitsShape(served, entry.shape)) {
    throw new CompiledShapeMismatchError(
      `${modelPath}: the weights do not fit circuit ${entry.id}'s shape; the folder mixes two compiles, compile the model again and add its whole --out folder.`,
      { details: `entry shape ${JSON.stringify(entry.shape)}` },
    );
  }
  if (served.family !== "trees") return;
  const { layout, scales } = served.model;
  const expected = treePublicSignalLayout(layout.shape, entry.inputMode, scales);
  if (JSON.stringify(expected) !== JSON.stringify(entry.publicSignals)) {
    throw new CompiledShapeMismatchError(
      `${modelPath}: circuit ${entry.id}'s manifest entry does not lay out the public signals of this model (${entry.inputMode} inputs, features at 2^-${scales.featureFracBits}, values at 2^-${scales.valueFracBits}); the folder mixes two compiles, compile the model again and add its whole --out folder.`,
    );
  }
}

/**
 * Adds the output of `npm run model -- compile` to the store, so the node proves the model's requests: the model
 * file's weights must open the commitment of a version in the registry, the circuit's wasm, zkey and verification key
 * must be in the folder and hash to what the registry recorded for an active circuit, and the weights must fit the
 * circuit's shape. Nothing is stored unless all of that holds. With `publisher`, a model.json that names no publisher is
 * stored as handed over by that model owner (the node serves weights only for their publisher's models).
 *
 * @throws {ModelCommitmentMismatchError} model.json's weights do not open its commitment, or no registered version has it.
 * @throws {ArtifactMissingError} model.json, manifest-entry.json or one of the circuit's artifacts is not in the folder.
 * @throws {UnregisteredCircuitError} no active registry circuit has exactly these artifacts.
 * @throws {CompiledShapeMismatchError} the weights do not fit the entry's shape (or, for trees, its layout).
 * @throws {UnservableCompiledModelError} a circuit this node has no witness builder for (a baked-weights circuit, an
 *   unknown parameter format).
 * @throws {PublisherMismatchError} model.json names another publisher than `publisher`.
 */
export function addCompiledModel(
  store: ModelStore,
  dir: string,
  registry: RegistryView,
  options: { publisher?: Address } = {},
): AddedCompiledModel {
  const modelPath = join(dir, "model.json");
  const entryPath = join(dir, "manifest-entry.json");
  const modelJson = readJson(modelPath, "model.json (the quantised weights and their salt)");
  const entry = readJson(entryPath, "manifest-entry.json (the circuit's shape, layout and artifact hashes)") as
    | ManifestCircuit
    | undefined;
  if (!entry || typeof entry.id !== "string" || !Array.isArray(entry.backends)) {
    throw new FatalError(`${entryPath} is not a manifest entry; compile the model again.`);
  }
  const file = parseCompiledModelFile(modelJson, modelPath);
  if (file.circuit !== entry.id) {
    throw new FatalError(
      `${modelPath} is for circuit ${file.circuit} but ${entryPath} describes ${entry.id}; the folder mixes two compiles, compile the model again.`,
    );
  }
  // the weights must open the commitment the file declares; which version has it is the registry's to say
  const served = parseServedModel(modelJson, file.declaredCommitment, modelPath);
  const commitment = served.weightsCommitment;
  if (!registry.commitments.has(commitment)) {
    throw new ModelCommitmentMismatchError(
      `${modelPath}: no version in the registry has its weights commitment; publish the version with this model.json's weightsCommitment (the SDK's publishModel) before adding it, or pass the folder of the compile that was published.`,
      { details: `commitment ${commitment}` },
    );
  }
  assertFitsEntry(served, entry, modelPath);
  // before anything is stored: a model.json bound to another publisher is refused whole
  const bound = options.publisher === undefined ? modelJson : bindPublisher(modelJson, options.publisher, modelPath);
  const manifest = { circuits: [entry] } as unknown as Manifest;
  const registered = registry.circuits.flatMap((circuit) => {
    if (!circuit.active) return [];
    try {
      return [resolveCircuit(manifest, circuit)];
    } catch (error) {
      if (error instanceof UnknownCircuitArtifactsError) return [];
      throw error;
    }
  });
  const resolved = registered[0];
  if (!resolved) {
    throw new UnregisteredCircuitError(
      `circuit ${entry.id} is not an active circuit in the registry: no registered circuit has its wasm, zkey and verification key. Register it through governance (the proposal.json \`npm run model -- compile --registry\` wrote) and add the folder again.`,
    );
  }
  const refs = [resolved.artifacts.wasm, resolved.artifacts.zkey, resolved.artifacts.vkey];
  const found = filesByHash(dir);
  const missing = refs.filter((ref) => !store.hasBlob(ref.sha256) && !found.has(ref.sha256));
  if (missing.length > 0) {
    throw new ArtifactMissingError(
      `${dir} lacks ${missing.map((ref) => ref.path || ref.sha256).join(", ")} of circuit ${entry.id} (no file there hashes to what the registry recorded); copy the whole compile folder, including build/ and groth16/.`,
      { details: missing.map((ref) => `sha256 ${ref.sha256}`).join("; ") },
    );
  }
  const artifacts: string[] = [];
  for (const ref of refs) {
    const path = found.get(ref.sha256);
    if (store.hasBlob(ref.sha256) || !path) continue;
    store.putBlob(ref.sha256, readFileSync(path), path);
    artifacts.push(relative(dir, path));
  }
  store.putCircuitEntry(entry);
  store.putModel(commitment, bound, modelPath);
  return {
    circuitId: entry.id,
    registryCircuitId: resolved.registryId,
    weightsCommitment: commitment,
    artifacts,
    publisher: weightsBindingOf(bound, modelPath).publisher,
  };
}
