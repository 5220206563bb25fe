/**
 * The compiler's credit fixtures compiled with `--weights auto` (compileModel: agreement with onnxruntime on the
 * held-out rows, both circuits compiled, the dev setup of the one kept) take their baked circuits, and the operator
 * node serves them: `models add` stores the folder, a prover process proves a committed request (servedCircuitCall
 * builds the baked circuit's witness, without the model), the proof verifies against the compiled key, and the
 * explanation it proves, decoded through the manifest entry, is the integer reference's: the 30-feature logistic
 * regression's contributions, score and decision; the gradient-boosted ensemble's decision path of every tree.
 */
import { rmSync } from "node:fs";
import { quantizeInputs, quantizeTreeFeatures } from "@symbiote/compiler";
import { decodeEntryOutputs } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferClassifier } from "../../circuits/src/models/classifier.ts";
import { evaluateTreeLayout } from "../../circuits/src/trees/treeReference.ts";
import { ProverPool } from "../../oracle/src/prover/proverPool.ts";
import {
  buildOutputs,
  compileFixtureAuto,
  expectBoundNodeProof,
  type FixtureCompile,
  proveCompiledThroughNode,
} from "./proveCompiled.ts";

let pool: ProverPool;
const fixtures: FixtureCompile[] = [];

beforeAll(() => {
  pool = new ProverPool(1);
});

afterAll(async () => {
  await pool?.close();
  for (const { work } of fixtures) rmSync(work, { recursive: true, force: true });
});

async function compileFixture(name: string, salt: bigint): Promise<FixtureCompile> {
  const fixture = await compileFixtureAuto(name, salt);
  fixtures.push(fixture);
  return fixture;
}

describe("a 30-feature logistic regression compiled with --weights auto", () => {
  let fixture: FixtureCompile;
  beforeAll(async () => {
    fixture = await compileFixture("logistic", 1414213562373095048n);
  }, 900_000);

  it("takes the baked circuit: half the committed circuit's Groth16 domain, the same public signals and agreement", () => {
    const { compiled } = fixture;
    expect(compiled.weightsChoice.mode).toBe("baked");
    expect(compiled.weightsChoice.reason).toMatch(/baked weights need a 2\^11 domain instead of 2\^12/);
    expect(compiled.id).toMatch(/^classifier30-committed-baked-[0-9a-f]{8}$/);
    expect(compiled.manifestEntry.shape).toEqual({ family: "classifier", n: 30 });
    expect(compiled.agreement?.agreement).toBe(1);
    const { found, kept } = buildOutputs(fixture);
    expect(found).toEqual(kept);
  });

  it("is proven by the node's prover process; the proof verifies and proves the reference's contributions and decision", async () => {
    const { compiled, rows, work } = fixture;
    const features = quantizeInputs(Array.from(Float32Array.from(rows[7] as number[])));
    const node = await proveCompiledThroughNode(compiled, features, pool, work, "node");
    if (node.served.family !== "classifier") throw new Error(`read back a ${node.served.family} model`);
    const outputs = await expectBoundNodeProof(node, compiled);
    const reference = inferClassifier(node.served.model, features);
    expect(outputs).toEqual(reference.explanationWords);
    const decoded = decodeEntryOutputs(compiled.manifestEntry, outputs);
    if (decoded.family !== "classifier") throw new Error(`decoded a ${decoded.family} decision`);
    expect(decoded.contributions.map((c) => c.raw)).toEqual(reference.contributions);
    expect(decoded.score.raw).toBe(reference.score);
    expect(decoded.decision).toBe(reference.decision);
    // another explanation word (a contribution moved into the next lane) does not verify
    const otherWord = [...node.publicSignals];
    otherWord[0] = (BigInt(otherWord[0] as string) + (1n << 47n) - 1n).toString();
    expect(await groth16.verify(node.vkey, otherWord, node.proof)).toBe(false);
  }, 300_000);
});

describe("a gradient-boosted ensemble compiled with --weights auto", () => {
  let fixture: FixtureCompile;
  beforeAll(async () => {
    fixture = await compileFixture("gradient_boosting", 1618033988749894848n);
  }, 900_000);

  it("takes the baked circuit: a smaller Groth16 domain than the committed trees', with the reason and the same agreement", () => {
    const { compiled } = fixture;
    expect(compiled.weightsChoice.mode).toBe("baked");
    expect(compiled.weightsChoice.reason).toMatch(/baked weights need a 2\^\d+ domain instead of 2\^\d+/);
    expect(compiled.id).toMatch(/^trees\d+x\d+x30x1-committed-baked-[0-9a-f]{8}$/);
    expect(compiled.agreement?.agreement).toBe(1);
    const { found, kept } = buildOutputs(fixture);
    expect(found).toEqual(kept);
  });

  it("is proven by the node's prover process; the proof verifies and proves the reference's decision path of every tree", async () => {
    const { compiled, rows, work } = fixture;
    const features = quantizeTreeFeatures(rows[5] as number[], 16);
    const node = await proveCompiledThroughNode(compiled, features, pool, work, "node");
    if (node.served.family !== "trees") throw new Error(`read back a ${node.served.family} model`);
    const outputs = await expectBoundNodeProof(node, compiled);
    const reference = evaluateTreeLayout(node.served.model.layout, features);
    const decoded = decodeEntryOutputs(compiled.manifestEntry, outputs);
    if (decoded.family !== "trees") throw new Error(`decoded a ${decoded.family} decision`);
    expect(decoded.label).toBe(reference.label);
    expect(decoded.paths.map((p) => p.leaf)).toEqual(reference.decisions.map((d) => d.leaf));
    expect(decoded.paths.map((p) => p.leafValues.map((v) => v.raw))).toEqual(reference.decisions.map((d) => d.values));
  }, 300_000);
});
