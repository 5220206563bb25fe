import {
  commitTreeEnsemble,
  evaluateIntegerTrees,
  evaluateTreeLayout,
  type IntegerTreeEnsemble,
  layoutTreeEnsemble,
  TreeCircuitError,
  type TreeEnsembleShape,
  type TreeLayout,
  treeEnsembleCircuitCall,
} from "@symbiote/circuits";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuditRow, AuditSetError, commitAuditSet } from "../../circuits/src/audit/auditSet.ts";
import { tallyDecisions, treeAuditCounts, unpackAuditCounts } from "../../circuits/src/audit/counts.ts";
import { type TreeAuditShape, treeAuditCall } from "../../circuits/src/audit/treeCircuitInput.ts";
import { constraintWires, violatedConstraints } from "../../circuits/src/r1cs.ts";
import { WitnessError } from "../../circuits/src/witness.ts";
import { randomFeatures, randomIntegerEnsemble, rng } from "../../compiler/test/treeHelpers.ts";
import { forgeAuditCounts, forgeFlippedDecision } from "./auditForgery.ts";
import { compileHarness, Forgery, type LoadedCircuit } from "./helpers.ts";

/**
 * The tree-ensemble fairness audit (circuits/lib/tree_fairness_audit.circom) at two small shapes
 * (test/circuits/harness/tree_fairness_audit*.circom): on random ensembles (every branch mode, early leaves, fewer
 * trees than the shape) and random audit sets whose features sit on, next to and away from the thresholds, its
 * counts equal the TypeScript reference's and its weights commitment is the one the inference circuit opens; a
 * witness that skips a row, moves a row to the other group, flips a decision or opens another model is refused.
 */

const ROWS = 8;
/** Two blocks a tree (three levels, then one), 5 features (index bound below F), one score column. */
const SCORE: TreeEnsembleShape = { trees: 3, depth: 4, features: 5, columns: 1 };
/** Two columns: the decision is the arg-max column. */
const ARGMAX: TreeEnsembleShape = { trees: 2, depth: 2, features: 4, columns: 2 };

type Audit = {
  model: IntegerTreeEnsemble;
  layout: TreeLayout;
  weightsSalt: bigint;
  rows: AuditRow[];
  auditSalt: bigint;
};

function randomRows(seed: number, features: number): AuditRow[] {
  const r = rng(seed);
  return Array.from({ length: ROWS }, () => {
    const pick = r();
    return {
      features: randomFeatures(r, features),
      group: r() < 0.5 ? 0 : 1,
      label: pick < 1 / 3 ? undefined : pick < 2 / 3,
    };
  });
}

function randomAudit(seed: number, shape: TreeEnsembleShape): Audit {
  const model = randomIntegerEnsemble(seed * 17 + shape.depth, shape);
  return {
    model,
    layout: layoutTreeEnsemble(model, shape),
    weightsSalt: BigInt(seed) * 1_000_003n,
    rows: randomRows(seed * 29 + 1, shape.features),
    auditSalt: BigInt(seed) * 7_919n + 5n,
  };
}

function circuitShape(shape: TreeEnsembleShape): TreeAuditShape {
  return { rows: ROWS, ...shape };
}

function call(audit: Audit) {
  return treeAuditCall(audit, circuitShape(audit.layout.shape));
}

/** Every violated constraint reads at least one of the named wires; at least one is violated. */
function expectCaughtBy(circuit: LoadedCircuit, witness: bigint[], guards: number[]): void {
  const violated = violatedConstraints(circuit.r1cs, witness);
  expect(violated.length).toBeGreaterThan(0);
  for (const index of violated) {
    const wires = constraintWires(circuit.r1cs, index);
    expect(
      guards.some((w) => wires.has(w)),
      `constraint ${index} is violated but reads no guard wire`,
    ).toBe(true);
  }
}

function checkHonest(circuit: LoadedCircuit, audit: Audit): { witness: bigint[]; decisions: boolean[] } {
  const c = call(audit);
  const witness = circuit.witness.calculate(c.input);
  expect(violatedConstraints(circuit.r1cs, witness)).toEqual([]);
  // wire 1 is the counts output, then the public inputs
  expect(witness.slice(1, 4)).toEqual(c.publicSignals);
  // the ground truth: the source model's own evaluation, each branch with its own mode and unclamped threshold
  const decisions = audit.rows.map((row) => evaluateIntegerTrees(audit.model, row.features).label === 1);
  const counts = unpackAuditCounts(witness[1] as bigint);
  expect(counts).toEqual(tallyDecisions(audit.rows, decisions));
  expect(counts).toEqual(treeAuditCounts(audit.layout, audit.rows));
  // the very commitment the inference circuit opens for this version
  const inference = treeEnsembleCircuitCall("committed", audit.layout, audit.rows[0]?.features ?? [], {
    binding: 1n,
    weightsSalt: audit.weightsSalt,
    inputSalt: 1n,
  });
  expect(witness[3]).toBe(inference.publicSignals.at(-2));
  expect(witness[3]).toBe(commitTreeEnsemble(audit.layout, audit.weightsSalt).weightsCommitment);
  return { witness, decisions };
}

describe("TreeEnsembleFairnessAudit, one score column (8 rows, 3 trees of depth 4 over 5 features)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("tree_fairness_audit");
  }, 120_000);

  function honest(audit: Audit): bigint[] {
    return checkHonest(circuit, audit).witness;
  }

  it("outputs the source model's counts and the registered commitment on random ensembles and audit sets", () => {
    const seen = { positive: 0, negative: 0 };
    for (let seed = 1; seed <= 6; seed++) {
      const { decisions } = checkHonest(circuit, randomAudit(seed, SCORE));
      for (const d of decisions) seen[d ? "positive" : "negative"]++;
    }
    // the random audits exercised both decisions
    expect(seen.positive).toBeGreaterThan(6);
    expect(seen.negative).toBeGreaterThan(6);
  });

  it("refuses a row skipped: counts that leave one row out break the tally's sums", () => {
    const audit = randomAudit(11, SCORE);
    const f = new Forgery(circuit, honest(audit));
    const forged = treeAuditCounts(audit.layout, audit.rows.slice(1));
    expect(forged[0].rows + forged[1].rows).toBe(ROWS - 1);
    forgeAuditCounts(f, forged);
    const guards = Array.from({ length: 12 }, (_, k) => f.wire(`main.tally.count[${k}]`));
    expectCaughtBy(circuit, f.witness, guards);
  });

  it("refuses a row counted in the other group: its flags no longer open the audit-set commitment", () => {
    const audit = randomAudit(12, SCORE);
    const real = honest(audit);
    const row = 3;
    const moved = audit.rows.map((r, i) => (i === row ? { ...r, group: (r.group === 1 ? 0 : 1) as 0 | 1 } : r));
    // the forger runs the circuit on the moved set, then puts back the registered set's commitment computation
    const forged = new Forgery(circuit, circuit.witness.calculate(call({ ...audit, rows: moved }).input));
    const f = new Forgery(circuit, real);
    for (const name of circuit.wires.keys()) {
      if (!name.startsWith("main.AuditSetCommit") && name !== "main.auditSetCommitment") f.set(name, forged.get(name));
    }
    expect(unpackAuditCounts(f.get("main.counts"))).toEqual(treeAuditCounts(audit.layout, moved));
    expect(unpackAuditCounts(f.get("main.counts"))).not.toEqual(treeAuditCounts(audit.layout, audit.rows));
    expectCaughtBy(circuit, f.witness, [f.wire(`main.group[${row}]`), f.wire(`main.flags[${row}]`)]);
  });

  it("refuses a flipped decision, even with the tally recomputed for it", () => {
    const audit = randomAudit(13, SCORE);
    const f = new Forgery(circuit, honest(audit));
    const row = 5;
    const decisions = audit.rows.map((r) => evaluateTreeLayout(audit.layout, r.features).label === 1);
    forgeFlippedDecision(f, audit.rows, decisions, row, `main.decision[${row}]`);
    // only the sign test of that row's score objects: its bits no longer recompose score - threshold - 1
    const sign = [...circuit.wires.keys()].filter((n) => n.startsWith("main.NonNegative") && n.includes(`[${row}].`));
    expect(sign.length).toBeGreaterThan(1);
    expectCaughtBy(circuit, f.witness, [f.wire(`main.decision[${row}]`), ...sign.map((n) => f.wire(n))]);
  });

  it("refuses a row walked down the other branch, even with everything after the turn recomputed", () => {
    const audit = randomAudit(16, SCORE);
    const real = honest(audit);
    // find a row and a tree whose root turn, taken the other way, flips the row's decision
    let forgedLayout: TreeLayout | undefined;
    let target = -1;
    for (let row = 0; row < ROWS && !forgedLayout; row++) {
      const x = (audit.rows[row] as AuditRow).features;
      for (let t = 0; t < SCORE.trees && !forgedLayout; t++) {
        const root = audit.layout.trees[t]?.nodes[0] as { feature: number; threshold: bigint };
        const value = x[root.feature] as bigint;
        // the root's threshold moved just across the row's value: the row turns the other way there
        const candidate = structuredClone(audit.layout);
        (candidate.trees[t]?.nodes[0] as { threshold: bigint }).threshold = value > root.threshold ? value : value - 1n;
        if (evaluateTreeLayout(candidate, x).label !== evaluateTreeLayout(audit.layout, x).label) {
          forgedLayout = candidate;
          target = t;
        }
      }
    }
    expect(forgedLayout).toBeDefined();
    // the forger's walks, scores, decisions and tally follow the moved threshold; everything the registered ensemble
    // fixes is put back: its opening, its commitment, and the opened values every row's walk is handed
    const moved = call({ ...audit, layout: forgedLayout as TreeLayout });
    const f = new Forgery(circuit, circuit.witness.calculate(moved.input));
    const registered = new Forgery(circuit, real);
    const opened =
      /^main\.(tree\[|commitModel|nodes\[|leaves\[|computedWeightsCommitment|weightsCommitment$|score\[\d+\]\.(threshold|featureBits|leaves|baseValues)\[)/;
    for (const name of circuit.wires.keys()) if (opened.test(name)) f.set(name, registered.get(name));
    expect(unpackAuditCounts(f.get("main.counts"))).not.toEqual(treeAuditCounts(audit.layout, audit.rows));
    // caught where the walks take the opened root: the threshold they read and the comparisons against it
    const seam = new RegExp(
      `^main\\.score\\[\\d+\\]\\.walk\\[${target}\\]\\.(visitedThreshold\\[0\\]|compare\\[0\\]\\.)`,
    );
    const guards = [...circuit.wires.keys()].filter((n) => seam.test(n));
    expectCaughtBy(
      circuit,
      f.witness,
      guards.map((n) => f.wire(n)),
    );
  });

  it("refuses a model that does not open the registered weights commitment", () => {
    const audit = randomAudit(14, SCORE);
    const registered = commitTreeEnsemble(audit.layout, audit.weightsSalt).weightsCommitment;
    // another ensemble, evaluated honestly, presented under the registered version's commitment
    const other = { ...randomAudit(15, SCORE), rows: audit.rows, auditSalt: audit.auditSalt };
    const f = new Forgery(circuit, circuit.witness.calculate(call(other).input));
    f.set("main.weightsCommitment", registered);
    expectCaughtBy(circuit, f.witness, [f.wire("main.weightsCommitment")]);

    // the registered ensemble with one leaf value changed: its opening's digest moves, so the commitment check fails
    const tampered = structuredClone(audit.layout);
    const leaf = tampered.trees[0]?.leaves[5] as bigint[];
    leaf[0] = (leaf[0] as bigint) + 1n;
    const g = new Forgery(circuit, circuit.witness.calculate(call({ ...audit, layout: tampered }).input));
    g.set("main.weightsCommitment", registered);
    expectCaughtBy(circuit, g.witness, [g.wire("main.weightsCommitment")]);

    // and the witness calculator itself refuses a mismatched public input
    const input = { ...call(audit).input, weightsCommitment: commitTreeEnsemble(other.layout, 1n).weightsCommitment };
    expect(() => circuit.witness.calculate(input)).toThrow(WitnessError);
    const setInput = { ...call(audit).input, auditSetCommitment: commitAuditSet(audit.rows.slice().reverse(), 1n) };
    expect(() => circuit.witness.calculate(setInput)).toThrow(WitnessError);
  });
});

describe("TreeEnsembleFairnessAudit, two columns (8 rows, 2 trees of depth 2 over 4 features)", () => {
  let circuit: LoadedCircuit;
  beforeAll(async () => {
    circuit = await compileHarness("tree_fairness_audit_argmax");
  }, 120_000);

  it("decides by the arg-max column on random ensembles and audit sets", () => {
    const seen = { positive: 0, negative: 0 };
    for (let seed = 1; seed <= 6; seed++) {
      const { decisions } = checkHonest(circuit, randomAudit(seed, ARGMAX));
      for (const d of decisions) seen[d ? "positive" : "negative"]++;
    }
    expect(seen.positive).toBeGreaterThan(6);
    expect(seen.negative).toBeGreaterThan(6);
  });

  it("counts a tie between the columns as a negative decision", () => {
    const audit = randomAudit(21, ARGMAX);
    // both columns equal everywhere: every score ties, and the arg-max goes to column 0
    for (const tree of audit.model.trees) {
      for (const node of tree.nodes.values()) if (node.kind === "leaf") node.values[1] = node.values[0] as bigint;
    }
    audit.model.baseValues[1] = audit.model.baseValues[0] as bigint;
    audit.layout = layoutTreeEnsemble(audit.model, ARGMAX);
    const { decisions } = checkHonest(circuit, audit);
    expect(decisions.every((d) => !d)).toBe(true);
  });
});

describe("treeAuditCall", () => {
  const audit = randomAudit(31, SCORE);

  it("refuses an ensemble that is not the registered version, naming what to use", () => {
    const other = commitTreeEnsemble(audit.layout, audit.weightsSalt + 1n).weightsCommitment;
    expect(() => treeAuditCall({ ...audit, weightsCommitment: other }, circuitShape(SCORE))).toThrow(
      /do not open the weights commitment given/,
    );
    const registered = commitTreeEnsemble(audit.layout, audit.weightsSalt).weightsCommitment;
    expect(treeAuditCall({ ...audit, weightsCommitment: registered }, circuitShape(SCORE)).publicSignals[2]).toBe(
      registered,
    );
  });

  it("refuses another shape, another row count and a model without a binary decision", () => {
    expect(() => treeAuditCall(audit, { ...circuitShape(SCORE), trees: 4 })).toThrow(TreeCircuitError);
    expect(() => treeAuditCall({ ...audit, rows: audit.rows.slice(1) }, circuitShape(SCORE))).toThrow(AuditSetError);
    const threeColumns = { trees: 2, depth: 2, features: 4, columns: 3 };
    const layout = layoutTreeEnsemble(randomIntegerEnsemble(3, threeColumns), threeColumns);
    expect(() => treeAuditCounts(layout, randomRows(3, 4))).toThrow(/binary decisions/);
    expect(() => treeAuditCall({ ...audit, layout }, { rows: ROWS, ...threeColumns })).toThrow(TreeCircuitError);
  });
});
