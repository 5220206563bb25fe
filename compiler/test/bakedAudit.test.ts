import { resolve } from "node:path";
import {
  type AuditRow,
  type ClassifierModel,
  classifierAuditCounts,
  classifierBakedAuditCall,
  classifierWeightVector,
  computeWeightsCommitment,
  inferClassifier,
  packAuditCounts,
  unpackAuditCounts,
} from "@symbiote/circuits";
import { classifierScoreBits, VALUE_MAX } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_COUNT_NAMES } from "../../circuits/src/audit/params.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { constraintWires, violatedConstraints } from "../../circuits/src/r1cs.ts";
import { forgeFlippedDecision } from "../../test/circuits/auditForgery.ts";
import { Forgery } from "../../test/circuits/helpers.ts";
import { bakedClassifierAuditSource, bakedDecisionBits } from "../src/audit/bakedAuditSource.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { type CompiledTree, compileEntry, rng } from "./treeHelpers.ts";

/**
 * The baked classifier audit (one version's weights as constants, `npm run model -- audit --weights baked`) at a
 * small shape, 8 rows of 6 features: its counts equal the TypeScript reference's on random models and sets, the
 * extremes of the value range included (where the version's tighter sign test is tight); and a witness that flips a
 * decision, skips a row or claims another version is refused.
 */

const ROWS = 8;
const FEATURES = 6;
const OUT = resolve(REPO_ROOT, "compiler/out/tests/bakedAudit");
const SALT = 77n;

type Case = { name: string; model: ClassifierModel };

/** Weights at the ends of the range (the committed audit's worst case) and small ones (a much tighter sign test). */
function randomModel(seed: number, scale: bigint): ClassifierModel {
  const r = rng(seed);
  const draw = () => {
    const u = r();
    if (scale === VALUE_MAX && u < 0.3) return u < 0.15 ? VALUE_MAX : -VALUE_MAX;
    return BigInt(Math.round((r() * 2 - 1) * Number(scale)));
  };
  return {
    weights: Array.from({ length: FEATURES }, draw),
    bias: BigInt(Math.round((r() * 2 - 1) * 65_536)),
    threshold: BigInt(Math.round((r() * 2 - 1) * 65_536)),
  };
}

const CASES: Case[] = [
  { name: "full-range weights", model: randomModel(3, VALUE_MAX) },
  { name: "small weights", model: randomModel(5, 1n << 14n) },
];

/** Rows whose score reaches the version's bound (every feature at +-VALUE_MAX with or against its weight), and others. */
function auditRows(model: ClassifierModel, seed: number): AuditRow[] {
  const r = rng(seed);
  const sign = (w: bigint) => (w < 0n ? -1n : 1n);
  return Array.from({ length: ROWS }, (_, i) => {
    const features =
      i === 0
        ? model.weights.map((w) => sign(w) * VALUE_MAX)
        : i === 1
          ? model.weights.map((w) => -sign(w) * VALUE_MAX)
          : Array.from({ length: FEATURES }, () => BigInt(Math.round((r() * 2 - 1) * 2 ** 18)));
    return { features, group: (r() < 0.5 ? 0 : 1) as 0 | 1, label: i % 3 === 2 ? undefined : r() < 0.5 };
  });
}

function witnessOf(model: ClassifierModel, rows: AuditRow[]) {
  const weightsCommitment = computeWeightsCommitment("classifier", classifierWeightVector(model), SALT);
  return { model, weightsSalt: SALT, weightsCommitment, rows, auditSalt: 9n };
}

for (const { name, model } of CASES) {
  describe(`baked classifier audit, ${name}`, () => {
    let circuit: CompiledTree;
    const commitment = witnessOf(model, []).weightsCommitment;
    beforeAll(async () => {
      const id = name.replaceAll(" ", "-");
      const dir = resolve(OUT, id);
      const entry = writeEntry(dir, id, bakedClassifierAuditSource(model, ROWS, commitment, dir));
      circuit = await compileEntry(entry, "O1");
    }, 300_000);

    function honest(rows: AuditRow[]): bigint[] {
      const call = classifierBakedAuditCall(witnessOf(model, rows), ROWS);
      const witness = circuit.witness.calculate(call.input);
      expect(violatedConstraints(circuit.r1cs, witness)).toEqual([]);
      // wire 1 is the counts output, then the public inputs
      expect(witness.slice(1, 4)).toEqual(call.publicSignals);
      return witness;
    }

    function expectCaughtBy(witness: bigint[], guards: number[]): void {
      const violated = violatedConstraints(circuit.r1cs, witness);
      expect(violated.length).toBeGreaterThan(0);
      for (const index of violated) {
        const wires = constraintWires(circuit.r1cs, index);
        expect(guards.some((w) => wires.has(w))).toBe(true);
      }
    }

    it("outputs the reference counts on random sets, rows at the ends of the value range included", () => {
      for (let seed = 1; seed <= 4; seed++) {
        const rows = auditRows(model, seed * 31);
        const counts = unpackAuditCounts(honest(rows)[1] as bigint);
        expect(counts).toEqual(classifierAuditCounts(model, rows));
      }
      // the extreme rows decide both ways: the sign test holds at the bound on either side
      const rows = auditRows(model, 1);
      expect(inferClassifier(model, rows[0]?.features as bigint[]).decision).toBe(true);
      expect(inferClassifier(model, rows[1]?.features as bigint[]).decision).toBe(false);
    });

    it("tests each decision's sign on this version's bits only", () => {
      const bits = bakedDecisionBits(model);
      expect(bits).toBeLessThanOrEqual(classifierScoreBits(FEATURES));
      const signBits = [...circuit.wires.keys()].filter((n) =>
        /^main\.NonNegative_\d+_\d+\[\d+\]\.bits\[\d+\]$/.test(n),
      );
      // the top bit of each test is the row's decision itself (--O1 names that wire main.decision[r])
      expect(signBits.length).toBe(ROWS * (bits - 1));
      if (name === "small weights") expect(bits).toBeLessThan(classifierScoreBits(FEATURES) - 8);
    });

    it("refuses a flipped decision, even with the tally recomputed for it", () => {
      const rows = auditRows(model, 7);
      const f = new Forgery({ ...circuit }, honest(rows));
      const row = 4;
      const decisions = rows.map((r) => inferClassifier(model, r.features).decision);
      forgeFlippedDecision(f, rows, decisions, row, `main.decision[${row}]`);
      // only the row's sign test objects: its bits no longer recompose score - threshold
      const decisionWire = f.wire(`main.decision[${row}]`);
      const rowBits = [...circuit.wires.entries()]
        .filter(([n]) => n.startsWith(`main.NonNegative_`) && n.includes(`[${row}].bits[`))
        .map(([, w]) => w);
      expect(rowBits.length).toBe(bakedDecisionBits(model) - 1);
      expectCaughtBy(f.witness, [decisionWire, ...rowBits]);
    });

    it("refuses a skipped row and another version's commitment", () => {
      const rows = auditRows(model, 9);
      const skipped = new Forgery({ ...circuit }, honest(rows));
      const fewer = classifierAuditCounts(model, rows.slice(1));
      skipped.set("main.counts", packAuditCounts(fewer));
      AUDIT_COUNT_NAMES.forEach((count, k) => {
        skipped.set(`main.tally.count[${k}]`, BigInt(fewer[0][count]));
        skipped.set(`main.tally.count[${k + AUDIT_COUNT_NAMES.length}]`, BigInt(fewer[1][count]));
      });
      expect(violatedConstraints(circuit.r1cs, skipped.witness).length).toBeGreaterThan(0);

      const other = new Forgery({ ...circuit }, honest(rows));
      other.set("main.weightsCommitment", commitment + 1n);
      expectCaughtBy(other.witness, [other.wire("main.weightsCommitment")]);
      // and the witness calculator refuses the baked circuit another version's inputs
      const input = { ...classifierBakedAuditCall(witnessOf(model, rows), ROWS).input, weightsCommitment: 5n };
      expect(() => circuit.witness.calculate(input)).toThrow();
    });
  });
}
