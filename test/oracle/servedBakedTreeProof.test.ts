/**
 * The gradient-boosted credit fixture compiled with `--weights auto` (compileModel: agreement with onnxruntime on the
 * held-out rows, both circuits compiled, the dev setup of the one kept) takes the baked tree circuit, and the operator
 * node serves it: `models add` stores the folder, a prover process proves a committed request (servedCircuitCall
 * builds the baked circuit's witness), the proof verifies against the compiled key, and the decision path it proves,
 * decoded through the manifest entry, is the integer reference's, tree by tree.
 */
import { rmSync } from "node:fs";
import { type CompiledModel, quantizeTreeFeatures } from "@symbiote/compiler";
import { decodeEntryOutputs } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateTreeLayout } from "../../circuits/src/trees/treeReference.ts";
import { ProverPool } from "../../oracle/src/prover/proverPool.ts";
import { buildOutputs, compileFixtureAuto, type FixtureCompile, proveCompiledThroughNode } from "./proveCompiled.ts";

const SALT = 1618033988749894848n;

let fixture: FixtureCompile;
let compiled: CompiledModel;
let pool: ProverPool;
let work: string;
let rows: number[][];

beforeAll(async () => {
  fixture = await compileFixtureAuto("gradient_boosting", SALT);
  ({ work, compiled, rows } = fixture);
  pool = new ProverPool(1);
}, 900_000);

afterAll(async () => {
  await pool?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a gradient-boosted ensemble compiled with --weights auto", () => {
  it("takes the baked circuit: a smaller Groth16 domain than the committed trees', with the reason and the same agreement", () => {
    expect(compiled.weightsChoice.mode).toBe("baked");
    expect(compiled.weightsChoice.reason).toMatch(/baked weights need a 2\^\d+ domain instead of 2\^\d+/);
    expect(compiled.id).toMatch(/^trees\d+x\d+x30x1-committed-baked-[0-9a-f]{8}$/);
    expect(compiled.agreement?.agreement).toBe(1);
    // only the kept circuit's build outputs remain
    const { found, kept } = buildOutputs(fixture);
    expect(found).toEqual(kept);
  });

  it("is proven by the node's prover process; the proof verifies and proves the reference's decision path of every tree", async () => {
    const features = quantizeTreeFeatures(rows[5] as number[], 16);
    const node = await proveCompiledThroughNode(compiled, features, pool, work, "node");
    const { served, signals, publicSignals, proof, vkey, binding } = node;
    if (served.family !== "trees") throw new Error(`read back a ${served.family} model`);
    expect(node.circuit.manifestId).toBe(compiled.id);
    expect(await groth16.verify(vkey, publicSignals, proof)).toBe(true);
    expect(signals.at(-1)).toBe(binding);
    expect(signals.at(-2)).toBe(compiled.weightsCommitment);
    expect(signals.at(-3)).toBe(node.inputCommitment);
    const forged = [...publicSignals];
    forged[forged.length - 1] = (binding + 1n).toString();
    expect(await groth16.verify(vkey, forged, proof)).toBe(false);

    const reference = evaluateTreeLayout(served.model.layout, features);
    const outputs = signals.slice(0, compiled.manifestEntry.publicSignals.filter((s) => s.kind === "output").length);
    const decoded = decodeEntryOutputs(compiled.manifestEntry, outputs);
    if (decoded.family !== "trees") throw new Error(`decoded a ${decoded.family} decision`);
    expect(decoded.label).toBe(reference.label);
    expect(decoded.paths.map((p) => p.leaf)).toEqual(reference.decisions.map((d) => d.leaf));
    expect(decoded.paths.map((p) => p.leafValues.map((v) => v.raw))).toEqual(reference.decisions.map((d) => d.values));
  }, 300_000);
});
