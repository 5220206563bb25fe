/**
 * The 30-feature logistic credit fixture compiled with `--weights auto` (compileModel: agreement with onnxruntime on
 * the held-out rows, both circuits compiled, the dev setup of the one kept) takes the baked linear circuit, and the
 * operator node serves it: `models add` stores the folder, a prover process proves a committed request
 * (servedCircuitCall builds the baked circuit's witness, without the weights), the proof verifies against the compiled
 * key, and the explanation it proves, decoded through the manifest entry, is the integer reference's: every feature's
 * contribution, the score and the decision.
 */
import { rmSync } from "node:fs";
import { type CompiledModel, quantizeInputs } from "@symbiote/compiler";
import { decodeEntryOutputs } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inferClassifier } from "../../circuits/src/models/classifier.ts";
import { ProverPool } from "../../oracle/src/prover/proverPool.ts";
import { buildOutputs, compileFixtureAuto, type FixtureCompile, proveCompiledThroughNode } from "./proveCompiled.ts";

const SALT = 1414213562373095048n;

let fixture: FixtureCompile;
let compiled: CompiledModel;
let pool: ProverPool;
let work: string;
let rows: number[][];

beforeAll(async () => {
  fixture = await compileFixtureAuto("logistic", SALT);
  ({ work, compiled, rows } = fixture);
  pool = new ProverPool(1);
}, 900_000);

afterAll(async () => {
  await pool?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a 30-feature logistic regression compiled with --weights auto", () => {
  it("takes the baked circuit: half the committed circuit's Groth16 domain, the same public signals and agreement", () => {
    expect(compiled.weightsChoice.mode).toBe("baked");
    expect(compiled.weightsChoice.reason).toMatch(/baked weights need a 2\^11 domain instead of 2\^12/);
    expect(compiled.id).toMatch(/^classifier30-committed-baked-[0-9a-f]{8}$/);
    expect(compiled.manifestEntry.shape).toEqual({ family: "classifier", n: 30 });
    expect(compiled.agreement?.agreement).toBe(1);
    const { found, kept } = buildOutputs(fixture);
    expect(found).toEqual(kept);
  });

  it("is proven by the node's prover process; the proof verifies and proves the reference's contributions and decision", async () => {
    const features = quantizeInputs(Array.from(Float32Array.from(rows[7] as number[])));
    const node = await proveCompiledThroughNode(compiled, features, pool, work, "node");
    const { served, signals, publicSignals, proof, vkey, binding } = node;
    if (served.family !== "classifier") throw new Error(`read back a ${served.family} model`);
    expect(node.circuit.manifestId).toBe(compiled.id);
    expect(await groth16.verify(vkey, publicSignals, proof)).toBe(true);
    expect(signals.at(-1)).toBe(binding);
    expect(signals.at(-2)).toBe(compiled.weightsCommitment);
    expect(signals.at(-3)).toBe(node.inputCommitment);
    const forged = [...publicSignals];
    forged[forged.length - 1] = (binding + 1n).toString();
    expect(await groth16.verify(vkey, forged, proof)).toBe(false);

    const reference = inferClassifier(served.model, features);
    const outputs = signals.slice(0, compiled.manifestEntry.publicSignals.filter((s) => s.kind === "output").length);
    expect(outputs).toEqual(reference.explanationWords);
    const decoded = decodeEntryOutputs(compiled.manifestEntry, outputs);
    if (decoded.family !== "classifier") throw new Error(`decoded a ${decoded.family} decision`);
    expect(decoded.contributions.map((c) => c.raw)).toEqual(reference.contributions);
    expect(decoded.score.raw).toBe(reference.score);
    expect(decoded.decision).toBe(reference.decision);
    // another explanation word (a contribution moved into the next lane) does not verify
    const otherWord = [...publicSignals];
    otherWord[0] = (BigInt(otherWord[0] as string) + (1n << 47n) - 1n).toString();
    expect(await groth16.verify(vkey, otherWord, proof)).toBe(false);
  }, 300_000);
});
