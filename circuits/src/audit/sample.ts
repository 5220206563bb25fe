import { computeWeightsCommitment } from "../commitment.ts";
import { type ClassifierModel, classifierWeightVector } from "../models/classifier.ts";
import { SeededRandom } from "../randomModels.ts";
import type { AuditRow } from "./auditSet.ts";
import type { ClassifierAuditWitness } from "./circuitInput.ts";

/**
 * A seeded classifier audit for fixtures and benchmarks: a model whose feature 0 carries the protected group (so its
 * decisions differ by group) and `rows` rows, a third of them unlabeled, the labels following a fairer rule.
 */
export function sampleClassifierAudit(seed: bigint, rows: number, features = 16): ClassifierAuditWitness {
  const rng = new SeededRandom(seed);
  const model: ClassifierModel = {
    weights: Array.from({ length: features }, (_, i) => (i === 0 ? -(1n << 16n) : rng.signed(1n << 14n))),
    bias: 1n << 14n,
    threshold: 0n,
  };
  const auditRows: AuditRow[] = Array.from({ length: rows }, () => {
    const group = rng.next64() % 2n === 0n ? 0 : 1;
    const x = Array.from({ length: features }, (_, i) => (i === 0 ? BigInt(group) << 15n : rng.signed(1n << 16n)));
    const labelPick = rng.next64() % 3n;
    // the true outcome ignores the group: a model that uses it is unfair by construction
    const outcome = (x[1] as bigint) + (x[2] as bigint) > 0n;
    return { features: x, group, label: labelPick === 0n ? undefined : outcome };
  });
  const weightsSalt = rng.next64();
  return {
    model,
    weightsSalt,
    weightsCommitment: computeWeightsCommitment("classifier", classifierWeightVector(model), weightsSalt),
    rows: auditRows,
    auditSalt: rng.next64(),
  };
}
