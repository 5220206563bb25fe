/**
 * `models add` (addCompiledModel) on a compiled tree ensemble's folder: model.json holds the `symbiote-trees/1`
 * layout of the committed gradient-boosted fixture (compiler/fixtures/gradient_boosting.onnx) and manifest-entry.json
 * its tree circuit's entry, as `npm run model -- compile` writes them. The artifacts are stand-in bytes (the store
 * checks hashes, not contents; test/models/treeJourney.e2e.test.ts proves with a real compile). Every refusal leaves
 * the store as it was.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type CompiledTreeEnsemble,
  compileTreeEnsemble,
  importOnnx,
  type TreeEnsembleModel,
  treeManifestEntry,
} from "@symbiote/compiler";
import { FatalError, type Manifest, resolveCircuit } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, sha256Hex } from "../../circuits/src/manifest.ts";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";
import { fitsShape, ModelCommitmentMismatchError } from "../../circuits/src/models/servedModel.ts";
import {
  addCompiledModel,
  CompiledShapeMismatchError,
  type RegistryView,
} from "../../oracle/src/models/addCompiled.ts";

const SALT = 1618033988749894848n;

let work: string;
let folder: string;
let compiled: CompiledTreeEnsemble;
let commitment: bigint;
let registry: RegistryView;

const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const freshStore = (name: string) => new ModelStore(join(work, "stores", name));

/** The parts of model.json the refusals below alter. */
type ModelFileJson = {
  weightsSalt: string;
  parameters: {
    scales: { valueFracBits: number };
    trees: { nodes: [number, string][]; leaves: string[][] }[];
    baseValues: string[];
  };
};

/** A copy of the compile folder with model.json or manifest-entry.json changed by `edit`. */
function variant<T = ModelFileJson>(
  name: string,
  file: "model.json" | "manifest-entry.json",
  edit: (json: T) => void,
): string {
  const dir = join(work, name);
  cpSync(folder, dir, { recursive: true });
  const json = readJson(join(dir, file));
  edit(json);
  writeFileSync(join(dir, file), toJson(json));
  return dir;
}

/** Nothing of the folder reached the store. */
function expectUntouched(store: ModelStore): void {
  expect(store.circuitEntries()).toEqual([]);
  expect(store.hasModel(commitment)).toBe(false);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "symbiote-add-trees-"));
  folder = join(work, "compiled");
  const ir = importOnnx(new Uint8Array(readFileSync(resolve(REPO_ROOT, "compiler/fixtures/gradient_boosting.onnx"))));
  compiled = compileTreeEnsemble(ir as TreeEnsembleModel, { inputMode: "public" });
  commitment = compiled.weightsCommitment(SALT);
  const id = compiled.circuitId;
  mkdirSync(join(folder, "build", `${id}_js`), { recursive: true });
  mkdirSync(join(folder, "groth16"), { recursive: true });
  const files = { wasm: join("build", `${id}_js`, `${id}.wasm`), zkey: join("groth16", `${id}.zkey`) };
  const ref = (path: string, bytes: Uint8Array) => ({ path, sha256: sha256Hex(bytes), bytes: bytes.length });
  const refs: Record<string, ReturnType<typeof ref>> = {};
  for (const [kind, path] of Object.entries({ ...files, vkey: join("groth16", "vkey.json") })) {
    const bytes = new TextEncoder().encode(`${kind} of ${id}`);
    writeFileSync(join(folder, path), bytes);
    refs[kind] = ref(`compiler/out/${path}`, bytes);
  }
  writeFileSync(
    join(folder, "model.json"),
    toJson({
      circuit: id,
      note: "keep this file private",
      parameters: compiled.parameters,
      weightsSalt: SALT,
      weightsCommitment: commitment,
    }),
  );
  const backend = { backend: "groth16", optimization: "O2", constraints: 9000, ...refs, setup: { kind: "dev" } };
  writeFileSync(join(folder, "manifest-entry.json"), toJson(treeManifestEntry(compiled, [backend as never])));
  registry = {
    circuits: [
      {
        circuitId: 11,
        proofSystem: 0,
        wasmHash: `0x${refs.wasm?.sha256}`,
        zkeyHash: `0x${refs.zkey?.sha256}`,
        vkeyHash: `0x${refs.vkey?.sha256}`,
        inputMode: 0,
        outputWords: 4,
        inputWords: 3,
        active: true,
      },
    ],
    commitments: new Set([commitment]),
  };
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("models add: a compiled tree ensemble's folder", () => {
  it("stores the circuit and the layout; the node reads back the trees the compiler laid out and resolves the circuit", () => {
    const store = freshStore("ok");
    const added = addCompiledModel(store, folder, registry);
    expect(added).toMatchObject({
      circuitId: "trees10x3x30x1-public",
      registryCircuitId: 11,
      weightsCommitment: commitment,
    });

    const served = store.readModel(commitment);
    if (served.family !== "trees") throw new Error(`read back a ${served.family} model`);
    expect(served.weightsSalt).toBe(SALT);
    expect(served.model.layout).toEqual(compiled.layout);
    expect(served.model.scales).toEqual({ featureFracBits: 16, valueFracBits: 16 });
    const manifest = store.withCompiledCircuits({ circuits: [] } as unknown as Manifest);
    const resolved = resolveCircuit(manifest, registry.circuits[0] as RegistryView["circuits"][number]);
    expect(resolved.shape).toEqual({ family: "trees", trees: 10, depth: 3, features: 30, columns: 1 });
    expect(fitsShape(served, resolved.shape)).toBe(true);
    expect(store.verifyAll()).toEqual({ blobs: 3, models: 1 });
  });

  it("reads the stored layout again without re-committing it, and refuses it once altered on disk", () => {
    const store = freshStore("reread");
    addCompiledModel(store, folder, registry);
    const first = store.readModel(commitment);
    // unchanged bytes: the layout already shown to open the commitment (committing it again is the slow part)
    expect(store.readModel(commitment)).toBe(first);
    expect(new ModelStore(store.dir).readModel(commitment)).not.toBe(first);
    const path = join(store.dir, "models", `${commitment.toString(16).padStart(64, "0")}.json`);
    const json = readJson(path);
    json.parameters.trees[3].leaves[0][0] = String(BigInt(json.parameters.trees[3].leaves[0][0]) + 1n);
    writeFileSync(path, JSON.stringify(json));
    expect(() => store.readModel(commitment)).toThrow(ModelCommitmentMismatchError);
    expect(() => store.verifyAll()).toThrow(ModelCommitmentMismatchError);
  });

  it("refuses a model.json whose threshold, leaf or base value was altered: it no longer opens the commitment", () => {
    const tree = (json: ModelFileJson, t: number) =>
      json.parameters.trees[t] as ModelFileJson["parameters"]["trees"][0];
    const plusOne = (v: string | undefined, d = 1n) => String(BigInt(v ?? "0") + d);
    const edits: [string, (json: ModelFileJson) => void][] = [
      [
        "threshold",
        (json) => {
          const node = tree(json, 4).nodes[1] as [number, string];
          node[1] = plusOne(node[1]);
        },
      ],
      [
        "feature",
        (json) => {
          const node = tree(json, 2).nodes[0] as [number, string];
          node[0] = (node[0] + 1) % 30;
        },
      ],
      [
        "leaf",
        (json) => {
          const leaf = tree(json, 7).leaves[3] as string[];
          leaf[0] = plusOne(leaf[0], -1n);
        },
      ],
      [
        "base value",
        (json) => {
          json.parameters.baseValues[0] = plusOne(json.parameters.baseValues[0]);
        },
      ],
      [
        "salt",
        (json) => {
          json.weightsSalt = String(SALT + 1n);
        },
      ],
    ];
    for (const [what, edit] of edits) {
      const dir = variant(`tampered-${what.replace(" ", "-")}`, "model.json", edit);
      const store = freshStore(`tampered-${what.replace(" ", "-")}`);
      const call = () => addCompiledModel(store, dir, registry);
      expect(call, what).toThrow(ModelCommitmentMismatchError);
      expect(call, what).toThrow(/do not open the registry's commitment/);
      expectUntouched(store);
    }
  });

  it("refuses a model.json whose trees are not a full layout of its shape, naming the tree", () => {
    const dir = variant("damaged", "model.json", (json) => {
      json.parameters.trees[5]?.leaves.pop();
    });
    const store = freshStore("damaged");
    const call = () => addCompiledModel(store, dir, registry);
    expect(call).toThrow(FatalError);
    expect(call).toThrow(/tree parameters are damaged/);
    try {
      call();
    } catch (error) {
      expect((error as FatalError).details).toMatch(/tree 5 is not a full tree of depth 3/);
    }
    expectUntouched(store);
  });

  it("refuses a tree layout that does not fit the entry's shape (other trees, depth, features or columns)", () => {
    const shapes = [
      { trees: 12, depth: 3, features: 30, columns: 1 },
      { trees: 10, depth: 4, features: 30, columns: 1 },
      { trees: 10, depth: 3, features: 31, columns: 1 },
      { trees: 10, depth: 3, features: 30, columns: 2 },
    ];
    for (const [i, shape] of shapes.entries()) {
      const dir = variant<{ shape: unknown }>(`othershape-${i}`, "manifest-entry.json", (json) => {
        json.shape = { family: "trees", ...shape };
      });
      const store = freshStore(`othershape-${i}`);
      const call = () => addCompiledModel(store, dir, registry);
      expect(call, JSON.stringify(shape)).toThrow(CompiledShapeMismatchError);
      expect(call, JSON.stringify(shape)).toThrow(
        /do not fit circuit trees10x3x30x1-public's shape.*compile the model again/,
      );
      expectUntouched(store);
    }
    // a classifier entry of the same feature count is no tree circuit
    const classifier = variant<{ shape: unknown }>("classifier-entry", "manifest-entry.json", (json) => {
      json.shape = { family: "classifier", n: 30 };
    });
    expect(() => addCompiledModel(freshStore("classifier-entry"), classifier, registry)).toThrow(
      CompiledShapeMismatchError,
    );
  });

  it("refuses a model quantised at other scales than the entry's layout reads, though its weights open the commitment", () => {
    // the scales are not committed (the circuit compares raw integers): only the decoder's fracBits depend on them
    const dir = variant("otherscales", "model.json", (json) => {
      json.parameters.scales.valueFracBits = 12;
    });
    const store = freshStore("otherscales");
    const call = () => addCompiledModel(store, dir, registry);
    expect(call).toThrow(CompiledShapeMismatchError);
    expect(call).toThrow(/values at 2\^-12/);
    expectUntouched(store);
  });
});
