/**
 * `models add` (addCompiledModel) on folders laid out as `npm run model -- compile --out` writes them: model.json,
 * manifest-entry.json, build/ and groth16/. The artifacts here are stand-in bytes (the store checks hashes, not
 * contents; test/models/journey.e2e.test.ts proves with a real compile), the registry a plain view of its circuits and
 * version commitments. Every refusal leaves the store as it was.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FatalError, type Manifest, resolveCircuit } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeWeightsCommitment } from "../../circuits/src/commitment.ts";
import { sha256Hex } from "../../circuits/src/manifest.ts";
import { classifierWeightVector } from "../../circuits/src/models/classifier.ts";
import { UnservableCompiledModelError } from "../../circuits/src/models/compiledModel.ts";
import { mlpWeightVector } from "../../circuits/src/models/mlp.ts";
import { ArtifactMissingError, ModelStore } from "../../circuits/src/models/modelStore.ts";
import { fitsShape, ModelCommitmentMismatchError } from "../../circuits/src/models/servedModel.ts";
import { randomClassifier, randomMlp, SeededRandom } from "../../circuits/src/randomModels.ts";
import { addCompiledModel, type RegistryView, UnregisteredCircuitError } from "../../oracle/src/models/addCompiled.ts";

const N = 30;
const SALT = 987654321n;
const ID = `classifier${N}-public`;
const model = randomClassifier(new SeededRandom(15n), N);
const commitment = computeWeightsCommitment("classifier", classifierWeightVector(model), SALT);
const str = (v: bigint) => v.toString();

let work: string;
let folder: string;
let registry: RegistryView;
const hashes: Record<"wasm" | "zkey" | "vkey", string> = { wasm: "", zkey: "", vkey: "" };

function writeJson(path: string, value: unknown): void {
  writeFileSync(
    path,
    JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2),
  );
}

/** A copy of the compile folder, changed by `edit`, in its own subfolder. */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(folder, dir, { recursive: true });
  edit(dir);
  return dir;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const freshStore = (name: string) => new ModelStore(join(work, "stores", name));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "symbiote-add-compiled-"));
  folder = join(work, "compiled");
  mkdirSync(join(folder, "build", `${ID}_js`), { recursive: true });
  mkdirSync(join(folder, "groth16"), { recursive: true });
  const files = {
    wasm: join("build", `${ID}_js`, `${ID}.wasm`),
    zkey: join("groth16", `${ID}.zkey`),
    vkey: join("groth16", "vkey.json"),
  };
  const refs = Object.fromEntries(
    Object.entries(files).map(([kind, path]) => {
      const bytes = new TextEncoder().encode(`${kind} of ${ID}`);
      writeFileSync(join(folder, path), bytes);
      hashes[kind as keyof typeof hashes] = sha256Hex(bytes);
      return [kind, { path: `compiler/out/${path}`, sha256: sha256Hex(bytes), bytes: bytes.length }];
    }),
  );
  writeJson(join(folder, "model.json"), {
    circuit: ID,
    note: "keep this file private",
    parameters: {
      format: "value (scale 2^16)",
      layout: "mirrored",
      weights: model.weights.map(str),
      bias: str(model.bias),
      threshold: str(model.threshold),
    },
    weightsSalt: SALT,
    weightsCommitment: commitment,
  });
  writeJson(join(folder, "manifest-entry.json"), {
    id: ID,
    shape: { family: "classifier", n: N },
    inputMode: "public",
    entry: `compiler/out/${ID}/${ID}.circom`,
    sourceHash: "0".repeat(64),
    publicSignals: [],
    backends: [{ backend: "groth16", optimization: "O2", constraints: 2147, ...refs, setup: { kind: "dev" } }],
  });
  registry = {
    circuits: [
      {
        circuitId: 7,
        proofSystem: 0,
        wasmHash: `0x${hashes.wasm}`,
        zkeyHash: `0x${hashes.zkey}`,
        vkeyHash: `0x${hashes.vkey}`,
        inputMode: 0,
        outputWords: 9,
        inputWords: 2,
        active: true,
      },
    ],
    commitments: new Set([commitment]),
  };
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("models add: a compiled model's folder", () => {
  it("stores the circuit's artifacts, its manifest entry and the weights; the node then resolves the registry circuit", () => {
    const store = freshStore("ok");
    const added = addCompiledModel(store, folder, registry);
    expect(added).toMatchObject({ circuitId: ID, registryCircuitId: 7, weightsCommitment: commitment });
    expect(added.artifacts.sort()).toEqual([`build/${ID}_js/${ID}.wasm`, `groth16/${ID}.zkey`, "groth16/vkey.json"]);
    for (const sha of Object.values(hashes)) expect(store.hasBlob(sha)).toBe(true);

    const served = store.readModel(commitment);
    expect(served.family).toBe("classifier");
    expect(served.weightsSalt).toBe(SALT);
    const manifest = store.withCompiledCircuits({ circuits: [] } as unknown as Manifest);
    const resolved = resolveCircuit(manifest, registry.circuits[0] as RegistryView["circuits"][number]);
    expect(resolved).toMatchObject({ registryId: 7, manifestId: ID, shape: { family: "classifier", n: N } });
    expect(fitsShape(served, resolved.shape)).toBe(true);
    // a second add of the same folder finds the artifacts already stored
    expect(addCompiledModel(store, folder, registry).artifacts).toEqual([]);
  });

  it("keeps apart two setups of one circuit: a built-in entry and a compiled one sharing its id and wasm", () => {
    const store = freshStore("twins");
    addCompiledModel(store, folder, registry);
    const compiledEntry = readJson(join(folder, "manifest-entry.json"));
    const other = (c: string) => ({ path: "", sha256: c.repeat(64), bytes: 1 });
    const builtIn = {
      ...compiledEntry,
      backends: [{ ...compiledEntry.backends[0], zkey: other("c"), vkey: other("d") }],
    };
    const manifest = store.withCompiledCircuits({ circuits: [builtIn] } as unknown as Manifest);
    expect(manifest.circuits).toHaveLength(2);
    const ours = registry.circuits[0] as RegistryView["circuits"][number];
    expect(resolveCircuit(manifest, ours).artifacts.zkey.sha256).toBe(hashes.zkey);
    const theirs = {
      ...ours,
      circuitId: 1,
      zkeyHash: `0x${"c".repeat(64)}` as const,
      vkeyHash: `0x${"d".repeat(64)}` as const,
    };
    expect(resolveCircuit(manifest, theirs).artifacts.zkey.sha256).toBe("c".repeat(64));
    // a key nobody built is still refused, naming the entry it half matches
    const neither = { ...ours, zkeyHash: `0x${"e".repeat(64)}` as const };
    expect(() => resolveCircuit(manifest, neither)).toThrow(
      /shares some but not all artifact hashes with classifier30/,
    );
    // the built-in entry is not repeated when the store holds the same setup
    expect(store.withCompiledCircuits({ circuits: [compiledEntry] } as unknown as Manifest).circuits).toHaveLength(1);
  });

  it("refuses weights that do not open model.json's commitment, and stores nothing", () => {
    const dir = variant("tampered", (d) => {
      const json = readJson(join(d, "model.json"));
      json.parameters.weights[3] = String(BigInt(json.parameters.weights[3]) + 1n);
      writeJson(join(d, "model.json"), json);
    });
    const store = freshStore("tampered");
    expect(() => addCompiledModel(store, dir, registry)).toThrow(ModelCommitmentMismatchError);
    expect(store.circuitEntries()).toEqual([]);
    expect(store.hasModel(commitment)).toBe(false);
  });

  it("refuses a model whose commitment no registered version has, naming publishModel", () => {
    const store = freshStore("unpublished");
    const call = () => addCompiledModel(store, folder, { ...registry, commitments: new Set([commitment + 1n]) });
    expect(call).toThrow(ModelCommitmentMismatchError);
    expect(call).toThrow(/publishModel/);
    expect(store.hasModel(commitment)).toBe(false);
  });

  it("refuses a folder without the proving key, naming the missing artifact", () => {
    const dir = variant("nozkey", (d) => rmSync(join(d, "groth16", `${ID}.zkey`)));
    const store = freshStore("nozkey");
    const call = () => addCompiledModel(store, dir, registry);
    expect(call).toThrow(ArtifactMissingError);
    expect(call).toThrow(new RegExp(`groth16/${ID}\\.zkey`));
    expect(store.circuitEntries()).toEqual([]);
  });

  it("stores no manifest entry compiled without the setup, and names a damaged stored entry", () => {
    const entry = readJson(join(folder, "manifest-entry.json"));
    const [backend] = entry.backends;
    const unkeyed = { ...entry, backends: [{ ...backend, zkey: { ...backend.zkey, sha256: "" } }] };
    const store = freshStore("unkeyed");
    expect(() => store.putCircuitEntry(unkeyed)).toThrow(ArtifactMissingError);
    expect(() => store.putCircuitEntry(unkeyed)).toThrow(/compiled without the setup/);
    expect(store.circuitEntries()).toEqual([]);

    const damaged = freshStore("damaged-entry");
    writeFileSync(join(damaged.dir, "circuits", `${hashes.zkey}.json`), "{ not json");
    expect(() => damaged.circuitEntries()).toThrow(new RegExp(`${hashes.zkey}\\.json is not valid JSON`));
  });

  it("refuses a folder without model.json or manifest-entry.json, saying which", () => {
    const noModel = variant("nomodel", (d) => rmSync(join(d, "model.json")));
    expect(() => addCompiledModel(freshStore("nomodel"), noModel, registry)).toThrow(/model\.json is missing/);
    const noEntry = variant("noentry", (d) => rmSync(join(d, "manifest-entry.json")));
    expect(() => addCompiledModel(freshStore("noentry"), noEntry, registry)).toThrow(/manifest-entry\.json is missing/);
  });

  it("refuses a circuit the registry does not have (not registered, or registered from another build)", () => {
    const other = {
      ...registry,
      circuits: registry.circuits.map((c) => ({ ...c, zkeyHash: `0x${"ab".repeat(32)}` as const })),
    };
    expect(() => addCompiledModel(freshStore("unregistered"), folder, other)).toThrow(UnregisteredCircuitError);
    const inactive = { ...registry, circuits: registry.circuits.map((c) => ({ ...c, active: false })) };
    expect(() => addCompiledModel(freshStore("inactive"), folder, inactive)).toThrow(UnregisteredCircuitError);
  });

  it("refuses a folder that mixes two compiles (model.json of another circuit, or of another shape)", () => {
    const otherId = variant("otherid", (d) => {
      const json = readJson(join(d, "model.json"));
      json.circuit = "classifier16-public";
      writeJson(join(d, "model.json"), json);
    });
    expect(() => addCompiledModel(freshStore("otherid"), otherId, registry)).toThrow(/mixes two compiles/);
    const otherShape = variant("othershape", (d) => {
      const json = readJson(join(d, "manifest-entry.json"));
      json.shape.n = N + 1;
      writeJson(join(d, "manifest-entry.json"), json);
    });
    expect(() => addCompiledModel(freshStore("othershape"), otherShape, registry)).toThrow(/do not fit/);
  });

  it("reads a one-hidden-layer network as the MLP family, with the MLP family's commitment", () => {
    const mlp = randomMlp(new SeededRandom(16n), 8, 6, 3);
    const expected = computeWeightsCommitment("mlp", mlpWeightVector(mlp), SALT);
    const dir = variant("mlp", (d) => {
      writeJson(join(d, "model.json"), {
        circuit: ID,
        parameters: {
          format: "compact weights (scale 2^10)",
          widths: [8, 6, 3],
          layers: [
            { weights: mlp.w1.map((r) => r.map(str)), bias: mlp.b1.map(str), relu: true },
            { weights: mlp.w2.map((r) => r.map(str)), bias: mlp.b2.map(str), relu: false },
          ],
        },
        weightsSalt: SALT,
        weightsCommitment: expected,
      });
      const entry = readJson(join(d, "manifest-entry.json"));
      entry.shape = { family: "mlp", n: 8, h: 6, k: 3 };
      writeJson(join(d, "manifest-entry.json"), entry);
    });
    const store = freshStore("mlp");
    addCompiledModel(store, dir, { ...registry, commitments: new Set([expected]) });
    const served = store.readModel(expected);
    expect(served.family).toBe("mlp");
    expect(served.family === "mlp" && served.model.w2).toEqual(mlp.w2);
  });

  it("refuses, by name, the compiled circuits this node has no witness builder for", () => {
    const unknown = variant("unknown-format", (d) => {
      const json = readJson(join(d, "model.json"));
      json.parameters = { format: "symbiote-trees/2", shape: { trees: 2, depth: 2, features: N, columns: 1 } };
      writeJson(join(d, "model.json"), json);
    });
    const call = () => addCompiledModel(freshStore("unknown-format"), unknown, registry);
    expect(call).toThrow(UnservableCompiledModelError);
    expect(call).toThrow(/format symbiote-trees\/2/);
    const damaged = variant("damaged", (d) => {
      const json = readJson(join(d, "model.json"));
      json.parameters.bias = 1.5;
      writeJson(join(d, "model.json"), json);
    });
    expect(() => addCompiledModel(freshStore("damaged"), damaged, registry)).toThrow(FatalError);
    expect(() => addCompiledModel(freshStore("damaged"), damaged, registry)).toThrow(/parameters are damaged/);
  });
});
