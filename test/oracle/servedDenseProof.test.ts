/**
 * A dense network with two hidden layers (8-8-8-3), from an ONNX graph through `npm run model -- compile`'s
 * compileModel (agreement with onnxruntime, circom, the dev setup) into the node: `models add` stores the compile
 * folder, the data store opens a committed request's private features, and a prover process (ProverPool, the node's
 * own path: servedCircuitCall and the real Groth16 prover) proves the request. The proof the node would submit is
 * checked with snarkjs against the compiled verification key, and the logits it proves, decoded through the manifest
 * entry, are the integer reference's.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CompiledModel,
  chooseWeights,
  compileModel,
  quantizeInputs,
  type WeightsMode,
  writeDenseModel,
  writeMlModel,
} from "@symbiote/compiler";
import { decodeEntryOutputs } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { denseAttribution } from "../../circuits/src/dense/denseAttribution.ts";
import { evaluateDense } from "../../circuits/src/dense/denseModel.ts";
import { rng } from "../../compiler/test/treeHelpers.ts";
import { ProverPool } from "../../oracle/src/prover/proverPool.ts";
import { expectBoundNodeProof, proveCompiledThroughNode } from "./proveCompiled.ts";

const WIDTHS = [8, 8, 8, 3];
const SALT = 2718281828459045235n;

let work: string;
let compiled: CompiledModel;
let baked: CompiledModel;
let attributed: CompiledModel;
let pool: ProverPool;
let heldOut: number[][];

/** A float network of WIDTHS with ReLU between layers, as a PyTorch Linear/ReLU stack exports it. */
function floatLayers(seed: number) {
  const r = rng(seed);
  return WIDTHS.slice(1).map((out, l) => ({
    weights: Array.from({ length: out }, () => Array.from({ length: WIDTHS[l] as number }, () => r() * 2 - 1)),
    bias: Array.from({ length: out }, () => r() - 0.5),
    relu: l < WIDTHS.length - 2,
  }));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "symbiote-dense-proof-"));
  const r = rng(8883);
  heldOut = Array.from({ length: 32 }, () => Array.from({ length: WIDTHS[0] as number }, () => r() * 4 - 2));
  const compile = (weights: WeightsMode | "auto", out: string, attribution = false) =>
    compileModel(writeDenseModel(floatLayers(8)), {
      outDir: join(work, out),
      inputMode: "committed",
      heldOut,
      weightsSalt: SALT,
      setup: true,
      weights,
      attribution,
    });
  compiled = await compile("committed", "compiled");
  baked = await compile("baked", "baked");
  attributed = await compile("auto", "attributed", true);
  pool = new ProverPool(1);
}, 900_000);

afterAll(async () => {
  await pool?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/**
 * Has the node prove a committed request on a compile of the network (proveCompiledThroughNode) and checks the proof
 * against the compiled key, the signals it binds, and the logits against the integer reference.
 */
async function proveThroughNode(model: CompiledModel, name: string): Promise<void> {
  const features = quantizeInputs(Array.from(Float32Array.from(heldOut[3] as number[])));
  const node = await proveCompiledThroughNode(model, features, pool, work, name);
  const { served, publicSignals, proof, vkey } = node;
  if (served.family !== "dense") throw new Error(`read back a ${served.family} model`);
  // the key binds every public signal: another binding (expectBoundNodeProof), or another arg-max, does not verify
  const outputs = await expectBoundNodeProof(node, model);
  const reference = evaluateDense(served.model, features);
  const decoded = decodeEntryOutputs(model.manifestEntry, outputs);
  if (decoded.family !== "dense") throw new Error(`decoded a ${decoded.family} decision`);
  expect(decoded.logits.map((logit) => logit.raw)).toEqual(reference.logits);
  expect(decoded.predictedClass).toBe(reference.argmax);
  const attributed = model.id.endsWith("-attribution");
  expect(decoded.attribution?.map((a) => a.raw)).toEqual(
    attributed ? denseAttribution(served.model, features, reference) : undefined,
  );
  const otherClass = [...publicSignals];
  otherClass[outputs.length - 1] = String((reference.argmax + 1) % 3);
  expect(await groth16.verify(vkey, otherClass, proof)).toBe(false);
}

describe("a compiled 8-8-8-3 network served by the node", () => {
  it("is proven by the node's prover process; the proof verifies against the compiled key and proves the reference's logits", async () => {
    expect(compiled.id).toBe("mlp8x8x8x3-committed");
    expect(compiled.manifestEntry.shape).toEqual({ family: "dense", widths: WIDTHS });
    expect(compiled.weightsChoice.mode).toBe("committed");
    await proveThroughNode(compiled, "committed");
  }, 300_000);

  it("with its weights baked in: its own circuit for this version, fewer constraints, the same public signals, proven by the node", async () => {
    const tag = compiled.weightsCommitment.toString(16).padStart(64, "0").slice(0, 8);
    expect(baked.id).toBe(`mlp8x8x8x3-committed-baked-${tag}`);
    expect(baked.weightsChoice.mode).toBe("baked");
    // the same version: the same commitment, which the baked circuit pins as a constant
    expect(baked.weightsCommitment).toBe(compiled.weightsCommitment);
    expect(baked.manifestEntry.publicSignals).toEqual(compiled.manifestEntry.publicSignals);
    expect(baked.constraints).toBeLessThan(compiled.constraints);
    await proveThroughNode(baked, "baked");
  }, 300_000);

  it("--weights auto compiles both circuits, keeps the one chooseWeights picks from their measured sizes and removes the other", async () => {
    const auto = await compileModel(writeDenseModel(floatLayers(8)), {
      outDir: join(work, "auto"),
      inputMode: "committed",
      weightsSalt: SALT,
      setup: false,
      weights: "auto",
    });
    const publicSignals = compiled.manifestEntry.publicSignals.length;
    const expected = chooseWeights(
      { constraints: compiled.constraints, publicSignals },
      { constraints: baked.constraints, publicSignals },
    );
    expect(auto.weightsChoice).toEqual(expected);
    expect(auto.id).toBe(expected.mode === "baked" ? baked.id : compiled.id);
    const outputs = (id: string) => [`${id}.r1cs`, `${id}.sym`, `${id}_js`];
    expect(readdirSync(join(work, "auto", "build")).sort()).toEqual(outputs(auto.id).sort());
  }, 300_000);

  it("with a proven attribution: each feature's gradient x input of the predicted logit, proven by the node and decoded", async () => {
    expect(attributed.id).toBe(`${baked.id}-attribution`);
    expect(attributed.weightsChoice.mode).toBe("baked");
    expect(attributed.weightsCommitment).toBe(compiled.weightsCommitment);
    // 8 features in 67-bit lanes, three to a word: three attribution words after the arg-max
    const outputs = attributed.manifestEntry.publicSignals.filter((s) => s.kind === "output").map((s) => s.signal);
    expect(outputs).toEqual(["logits[0]", "argmax", "attributions[0]", "attributions[1]", "attributions[2]"]);
    await proveThroughNode(attributed, "attributed");
  }, 300_000);

  it("refuses an attribution for committed weights, and for a model kind whose explanation is proven without it", async () => {
    await expect(
      compileModel(writeDenseModel(floatLayers(8)), {
        outDir: join(work, "refused-committed"),
        weightsSalt: SALT,
        setup: false,
        attribution: true,
      }),
    ).rejects.toThrow(/the attribution is proven with baked weights/);
    const linear = writeMlModel("LinearClassifier", 3, 2, [
      { name: "coefficients", floats: [-0.5, 0.25, -1, 0.5, -0.25, 1] },
      { name: "intercepts", floats: [-0.1, 0.1] },
      { name: "classlabels_ints", ints: [0, 1] },
      { name: "post_transform", s: "LOGISTIC" },
    ]);
    await expect(
      compileModel(linear, {
        outDir: join(work, "refused-linear"),
        weightsSalt: SALT,
        setup: false,
        weights: "baked",
        attribution: true,
      }),
    ).rejects.toThrow(/per-feature contributions .* are proven without it/);
  }, 120_000);
});
