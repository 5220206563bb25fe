import { assertFieldElement, assertValueRange, FatalError, packWords, VALUE_BITS, VALUE_LANES } from "@symbiote/sdk";
import { chainHash, commitmentTag } from "../commitment.ts";
import { AUDIT_FLAG_GROUP, AUDIT_FLAG_LABEL, AUDIT_FLAG_LABELED, AUDIT_MAX_ROWS, DOMAIN_AUDIT_SET } from "./params.ts";

/** One row of an audit set: raw fixed-point features, the protected-group bit and, where known, the true outcome. */
export type AuditRow = {
  /** Raw fixed-point features (scale 2^16), in the model's feature order. */
  features: bigint[];
  /** 1: the row belongs to the protected group; 0: the reference group. */
  group: 0 | 1;
  /** The true outcome (true = positive) where it is known; undefined for an unlabeled row. */
  label?: boolean | undefined;
};

/** Thrown for an audit set the circuit cannot take: empty, too large, ragged, or with a value out of range. */
export class AuditSetError extends FatalError {
  override name = "AuditSetError";
}

/** The flags value a row commits after its features: group + 2 * label + 4 * labeled. */
export function rowFlags(row: AuditRow): bigint {
  const group = row.group === 1 ? AUDIT_FLAG_GROUP : 0n;
  if (row.label === undefined) return group;
  return group + AUDIT_FLAG_LABELED + (row.label ? AUDIT_FLAG_LABEL : 0n);
}

/** The shape element of the commitment: rows * 2^32 + features. */
export function auditShape(rows: number, features: number): bigint {
  return (BigInt(rows) << 32n) + BigInt(features);
}

/** Refuses a set the circuit could not commit to, naming the first offending row or value; returns its feature count. */
export function validateAuditSet(rows: readonly AuditRow[]): number {
  if (rows.length === 0) throw new AuditSetError("an audit set needs at least one row.");
  if (rows.length > AUDIT_MAX_ROWS) {
    throw new AuditSetError(`an audit set holds at most ${AUDIT_MAX_ROWS} rows (a count's lane); split this one.`, {
      details: `${rows.length} rows`,
    });
  }
  const n = (rows[0] as AuditRow).features.length;
  if (n === 0) throw new AuditSetError("audit rows need at least one feature.");
  rows.forEach((row, r) => {
    if (row.features.length !== n) {
      throw new AuditSetError(
        `audit row ${r} has ${row.features.length} features, row 0 has ${n}; every row needs ${n}.`,
      );
    }
    if (row.group !== 0 && row.group !== 1) {
      throw new AuditSetError(`audit row ${r} has group ${String(row.group)}; use 0 (reference) or 1 (protected).`);
    }
    row.features.forEach((x, i) => {
      assertValueRange(x, `audit row ${r} feature ${i}`);
    });
  });
  return n;
}

/**
 * The audit-set commitment (docs/audit.md; AuditSetCommit in-circuit): each row's features then its flags value,
 * all rows packed back to back 10 values per word, then the shape element and the salt, chain-hashed under the
 * tag of (DOMAIN_AUDIT_SET, family 0, words + 2).
 */
export function commitAuditSet(rows: readonly AuditRow[], salt: bigint): bigint {
  const n = validateAuditSet(rows);
  assertFieldElement(salt, "audit set salt");
  const values = rows.flatMap((row) => [...row.features, rowFlags(row)]);
  const words = packWords(values, VALUE_BITS, VALUE_LANES);
  const elements = [...words, auditShape(rows.length, n), salt];
  return chainHash(elements, commitmentTag(DOMAIN_AUDIT_SET, 0n, elements.length));
}
