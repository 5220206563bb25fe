/**
 * `models add` (addCompiledModel) on a compiled dense network's folder: model.json holds the compact parameters of a
 * random 8-8-8-3 network and manifest-entry.json its dense circuit's entry, as `npm run model -- compile` writes them
 * (planCircuit's id, shape, layout and parameters). The artifacts are stand-in bytes (the store checks hashes, not
 * contents; test/oracle/servedDenseProof.test.ts proves with a real compile). Every refusal leaves the store as it was.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CircuitPlan, planCircuit } from "@symbiote/compiler";
import { type Manifest, resolveCircuit } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../circuits/src/manifest.ts";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";
import { fitsShape, ModelCommitmentMismatchError } from "../../circuits/src/models/servedModel.ts";
import { randomDense, SeededRandom } from "../../circuits/src/randomModels.ts";
import {
  addCompiledModel,
  CompiledShapeMismatchError,
  type RegistryView,
} from "../../oracle/src/models/addCompiled.ts";

const SALT = 1414213562373095048n;
const WIDTHS = [8, 8, 8, 3];
const model = randomDense(new SeededRandom(88n), WIDTHS);

let work: string;
let folder: string;
let plan: CircuitPlan;
let commitment: bigint;
let registry: RegistryView;

const toJson = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const freshStore = (name: string) => new ModelStore(join(work, "stores", name));

/** A copy of the compile folder with model.json or manifest-entry.json changed by `edit`. */
function variant<T>(name: string, file: "model.json" | "manifest-entry.json", edit: (json: T) => void): string {
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
  work = mkdtempSync(join(tmpdir(), "symbiote-add-dense-"));
  folder = join(work, "compiled");
  plan = planCircuit(
    { kind: "dense", model, task: { type: "classifier", classes: [0, 1, 2] }, postTransform: "SOFTMAX" },
    "public",
  );
  commitment = plan.weightsCommitment(SALT);
  const id = plan.id;
  mkdirSync(join(folder, "build", `${id}_js`), { recursive: true });
  mkdirSync(join(folder, "groth16"), { recursive: true });
  const files = {
    wasm: join("build", `${id}_js`, `${id}.wasm`),
    zkey: join("groth16", `${id}.zkey`),
    vkey: join("groth16", "vkey.json"),
  };
  const refs: Record<string, { path: string; sha256: string; bytes: number }> = {};
  for (const [kind, path] of Object.entries(files)) {
    const bytes = new TextEncoder().encode(`${kind} of ${id}`);
    writeFileSync(join(folder, path), bytes);
    refs[kind] = { path: `compiler/out/${path}`, sha256: sha256Hex(bytes), bytes: bytes.length };
  }
  writeFileSync(
    join(folder, "model.json"),
    toJson({
      circuit: id,
      note: "keep this file private",
      parameters: plan.parameters,
      weightsSalt: SALT,
      weightsCommitment: commitment,
    }),
  );
  writeFileSync(
    join(folder, "manifest-entry.json"),
    toJson({
      id,
      shape: plan.shape,
      inputMode: plan.inputMode,
      entry: `compiler/out/${id}/${id}.circom`,
      sourceHash: "0".repeat(64),
      publicSignals: plan.publicSignals,
      backends: [{ backend: "groth16", optimization: "O2", constraints: 2000, ...refs, setup: { kind: "dev" } }],
    }),
  );
  registry = {
    circuits: [
      {
        circuitId: 12,
        proofSystem: 0,
        wasmHash: `0x${refs.wasm?.sha256}`,
        zkeyHash: `0x${refs.zkey?.sha256}`,
        vkeyHash: `0x${refs.vkey?.sha256}`,
        inputMode: 0,
        outputWords: 2,
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

describe("models add: a compiled dense network's folder", () => {
  it("stores the circuit and the weights; the node reads back every layer and resolves the circuit", () => {
    const store = freshStore("ok");
    const added = addCompiledModel(store, folder, registry);
    expect(added).toMatchObject({
      circuitId: "mlp8x8x8x3-public",
      registryCircuitId: 12,
      weightsCommitment: commitment,
    });

    const served = store.readModel(commitment);
    if (served.family !== "dense") throw new Error(`read back a ${served.family} model`);
    expect(served.weightsSalt).toBe(SALT);
    expect(served.model).toEqual(model);
    const manifest = store.withCompiledCircuits({ circuits: [] } as unknown as Manifest);
    const resolved = resolveCircuit(manifest, registry.circuits[0] as RegistryView["circuits"][number]);
    expect(resolved.shape).toEqual({ family: "dense", widths: WIDTHS });
    expect(fitsShape(served, resolved.shape)).toBe(true);
    expect(store.verifyAll()).toEqual({ blobs: 3, models: 1 });
  });

  it("refuses a model.json whose weights or salt were altered: they no longer open the commitment", () => {
    type Json = { weightsSalt: string; parameters: { layers: { weights: string[][]; bias: string[] }[] } };
    // one step toward zero, so that the altered weight is still in the compact range
    const nudge = (v: string | undefined) =>
      String(BigInt(v ?? "0") > 0n ? BigInt(v ?? "0") - 1n : BigInt(v ?? "0") + 1n);
    const edits: [string, (json: Json) => void][] = [
      [
        "hidden weight",
        (json) => {
          const row = json.parameters.layers[1]?.weights[4] as string[];
          row[7] = nudge(row[7]);
        },
      ],
      [
        "output bias",
        (json) => {
          const bias = json.parameters.layers[2]?.bias as string[];
          bias[1] = nudge(bias[1]);
        },
      ],
      ["salt", (json) => Object.assign(json, { weightsSalt: String(SALT + 1n) })],
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

  it("refuses weights that do not fit the entry's shape, naming the fix", () => {
    const shapes = [
      { family: "dense", widths: [8, 8, 3] },
      { family: "dense", widths: [8, 8, 8, 8, 3] },
      { family: "dense", widths: [8, 16, 8, 3] },
      { family: "dense", widths: [9, 8, 8, 3] },
      { family: "mlp", n: 8, h: 8, k: 3 },
    ];
    for (const [i, shape] of shapes.entries()) {
      const dir = variant<{ shape: unknown }>(`othershape-${i}`, "manifest-entry.json", (json) => {
        json.shape = shape;
      });
      const store = freshStore(`othershape-${i}`);
      const call = () => addCompiledModel(store, dir, registry);
      expect(call, JSON.stringify(shape)).toThrow(CompiledShapeMismatchError);
      expect(call, JSON.stringify(shape)).toThrow(
        /do not fit circuit mlp8x8x8x3-public's shape.*compile the model again and add its whole --out folder/,
      );
      expectUntouched(store);
    }
  });
});
