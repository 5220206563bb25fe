import { classifierScoreBits } from "@symbiote/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuditRow, commitAuditSet } from "../../circuits/src/audit/auditSet.ts";
import { classifierAuditCall } from "../../circuits/src/audit/circuitInput.ts";
import { classifierAuditCounts, unpackAuditCounts } from "../../circuits/src/audit/counts.ts";
import { computeWeightsCommitment, randomSalt } from "../../circuits/src/commitment.ts";
import { type ClassifierModel, classifierWeightVector, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { constraintWires, violatedConstraints } from "../../circuits/src/r1cs.ts";
import { randomClassifier, SeededRandom } from "../../circuits/src/randomModels.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
import { forgeAuditCounts, forgeFlippedDecision } from "./auditForgery.ts";
import { compileHarness, Forgery, type LoadedCircuit } from "./helpers.ts";

/**
 * The classifier fairness audit (circuits/lib/fairness_audit.circom) at a small shape, 8 rows of 4 features
 * (test/circuits/harness/fairness_audit.circom): its counts equal the TypeScript reference's, and a witness that
 * skips a row, moves a row to the other group, flips a decision or opens another set or model is refused.
 */

const ROWS = 8;
const FEATURES = 4;

function randomRows(rng: SeededRandom, rows = ROWS): AuditRow[] {
  return Array.from({ length: rows }, () => {
    const labelPick = rng.next64() % 3n;
    return {
      // moderate magnitudes, so that decisions go both ways
      features: rng.vector(FEATURES, 1n << 18n),
      group: rng.next64() % 2n === 0n ? 0 : 1,
      label: labelPick === 0n ? undefined : labelPick === 1n,
    };
  });
}

type Audit = { model: ClassifierModel; weightsSalt: bigint; rows: AuditRow[]; auditSalt: bigint };

function randomAudit(seed: bigint): Audit {
  const rng = new SeededRandom(seed);
  const model = randomClassifier(rng, FEATURES);
  // a threshold near the bias keeps both decisions common on moderate features
  return {
    model: { ...model, threshold: model.bias },
    weightsSalt: rng.next64(),
    rows: randomRows(rng),
    auditSalt: rng.next64(),
  };
}

function call(audit: Audit) {
  const weightsCommitment = computeWeightsCommitment(
    "classifier",
    classifierWeightVector(audit.model),
    audit.weightsSalt,
  );
  return classifierAuditCall({ ...audit, weightsCommitment }, ROWS);
}

describe("ClassifierFairnessAudit (8 rows of 4 features)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("fairness_audit");
  }, 120_000);

  function honestWitness(audit: Audit): bigint[] {
    const witness = circuit.witness.calculate(call(audit).input);
    expect(violatedConstraints(circuit.r1cs, witness)).toEqual([]);
    return witness;
  }

  /** Every violated constraint reads at least one of the named wires; returns how many were violated. */
  function expectCaughtBy(witness: bigint[], guards: number[]): number {
    const violated = violatedConstraints(circuit.r1cs, witness);
    expect(violated.length).toBeGreaterThan(0);
    for (const index of violated) {
      const wires = constraintWires(circuit.r1cs, index);
      expect(guards.some((w) => wires.has(w))).toBe(true);
    }
    return violated.length;
  }

  it("outputs the reference counts and both commitments on random models and audit sets", () => {
    let positives = 0;
    let negatives = 0;
    for (let seed = 1n; seed <= 8n; seed++) {
      const audit = randomAudit(seed);
      const { publicSignals } = call(audit);
      const witness = honestWitness(audit);
      // wire 1 is the counts output, then the public inputs
      expect(witness.slice(1, 4)).toEqual(publicSignals);
      const counts = unpackAuditCounts(witness[1] as bigint);
      expect(counts).toEqual(classifierAuditCounts(audit.model, audit.rows));
      expect(counts[0].rows + counts[1].rows).toBe(ROWS);
      for (const row of audit.rows) {
        if (inferClassifier(audit.model, row.features).decision) positives++;
        else negatives++;
      }
    }
    // the random sets exercised both decisions
    expect(positives).toBeGreaterThan(4);
    expect(negatives).toBeGreaterThan(4);
  });

  it("counts a set of one group, with every row labeled positive, at the edges of the value range", () => {
    const rng = new SeededRandom(77n);
    const model = randomClassifier(rng, FEATURES);
    const rows: AuditRow[] = Array.from({ length: ROWS }, (_, r) => ({
      features: Array.from({ length: FEATURES }, (_, i) => ((r + i) % 2 === 0 ? 8388607n : -8388607n)),
      group: 1,
      label: true,
    }));
    const audit = { model, weightsSalt: 0n, rows, auditSalt: randomSalt() };
    const witness = honestWitness(audit);
    const counts = unpackAuditCounts(witness[1] as bigint);
    expect(counts[0].rows).toBe(0);
    expect(counts[1]).toMatchObject({ rows: ROWS, labeled: ROWS, labelPositives: ROWS, falsePositives: 0 });
    expect(counts).toEqual(classifierAuditCounts(model, rows));
  });

  it("refuses a row skipped: counts that leave one row out break the tally's sums", () => {
    const audit = randomAudit(11n);
    const f = new Forgery(circuit, honestWitness(audit));
    const skipped = audit.rows.slice(1);
    const decisions = skipped.map((row) => inferClassifier(audit.model, row.features).decision);
    const forged = classifierAuditCounts(audit.model, skipped);
    expect(decisions.length).toBe(ROWS - 1);
    forgeAuditCounts(f, forged);
    const guards = Array.from({ length: 12 }, (_, k) => f.wire(`main.tally.count[${k}]`));
    expectCaughtBy(f.witness, guards);
  });

  it("refuses a row counted in the other group: its flags no longer open the audit-set commitment", () => {
    const audit = randomAudit(12n);
    const honest = honestWitness(audit);
    const row = 3;
    const moved = audit.rows.map((r, i) => (i === row ? { ...r, group: (r.group === 1 ? 0 : 1) as 0 | 1 } : r));
    // the forger runs the circuit on the moved set, then puts back the registered set's commitment computation
    const forged = new Forgery(circuit, circuit.witness.calculate(call({ ...audit, rows: moved }).input));
    const f = new Forgery(circuit, honest);
    for (const name of circuit.wires.keys()) {
      if (!name.startsWith("main.AuditSetCommit") && name !== "main.auditSetCommitment") f.set(name, forged.get(name));
    }
    expect(unpackAuditCounts(f.get("main.counts"))).toEqual(classifierAuditCounts(audit.model, moved));
    expectCaughtBy(f.witness, [f.wire(`main.group[${row}]`), f.wire(`main.flags[${row}]`)]);
  });

  it("refuses a flipped decision, even with the tally recomputed for it", () => {
    const audit = randomAudit(13n);
    const f = new Forgery(circuit, honestWitness(audit));
    const row = 5;
    const top = `main.decide[${row}].NonNegative`;
    const scoreBits = classifierScoreBits(FEATURES);
    // the sign bit of score - threshold is the decision itself (--O1 merges the two wires)
    const lowBit = [...circuit.wires.keys()].find((n) => n.startsWith(top) && n.endsWith(".bits[0]")) as string;
    const signBits = Array.from({ length: scoreBits - 1 }, (_, i) => lowBit.replace("[0]", `[${i}]`));
    const decisions = audit.rows.map((r) => inferClassifier(audit.model, r.features).decision);
    forgeFlippedDecision(f, audit.rows, decisions, row, `main.decide[${row}].decision`);
    // only the sign test of that row's score objects: its bits no longer recompose score - threshold
    expectCaughtBy(f.witness, [f.wire(`main.decide[${row}].decision`), ...signBits.map((n) => f.wire(n))]);
  });

  it("refuses a commitment to another audit set or another model", () => {
    const audit = randomAudit(14n);
    const f = new Forgery(circuit, honestWitness(audit));
    const other = { ...audit, rows: [...audit.rows.slice(1), audit.rows[0] as AuditRow] };
    f.set("main.auditSetCommitment", commitAuditSet(other.rows, audit.auditSalt));
    expectCaughtBy(f.witness, [f.wire("main.auditSetCommitment")]);

    const g = new Forgery(circuit, honestWitness(audit));
    g.set("main.weightsCommitment", computeWeightsCommitment("classifier", classifierWeightVector(audit.model), 1n));
    expectCaughtBy(g.witness, [g.wire("main.weightsCommitment")]);
    // and the witness calculator itself refuses the mismatched public input
    const input = { ...call(audit).input, auditSetCommitment: commitAuditSet(other.rows, audit.auditSalt) };
    expect(() => circuit.witness.calculate(input)).toThrow(WitnessError);
  });
});
