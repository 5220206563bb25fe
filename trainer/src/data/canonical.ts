import { type Hex, keccak256, stringToBytes } from "viem";
import { DatasetError } from "./errors.ts";

/**
 * A numeric table: every dataset in Symbiote (credit applications, price features, user–item interactions) is a
 * header of column names and rows of finite numbers. Categorical values (a group, a class, an item id) are integers.
 */
export type Table = {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
};

/** Decimal places kept by the canonical encoding; finer digits are rounded away before hashing and training. */
export const CANONICAL_DECIMALS = 6;

/**
 * Largest magnitude the canonical encoding accepts. Beyond 1e15 a double no longer holds 6 exact decimals, and no
 * feature that fits the circuits' 2^16 fixed point comes anywhere near it.
 */
export const CANONICAL_MAX_ABS = 1e15;

/**
 * Formats a number the canonical way: rounded to 6 decimals as `Number.prototype.toFixed(6)` rounds the exact binary
 * value (to the nearest, ties away from zero; fully specified by ECMAScript, so identical on every engine), then
 * trailing zeros and a trailing dot removed, `-0` written `0`, never an exponent, never a leading `+`.
 *
 * @example
 * formatCanonicalNumber(1.5);        // "1.5"
 * formatCanonicalNumber(-0.0000001); // "0"
 * formatCanonicalNumber(2);          // "2"
 */
export function formatCanonicalNumber(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= CANONICAL_MAX_ABS) {
    throw new DatasetError("canonical encoding", `value ${value} cannot be encoded`, {
      details: `canonical numbers are finite with magnitude below ${CANONICAL_MAX_ABS}; rescale the column`,
    });
  }
  let text = value.toFixed(CANONICAL_DECIMALS);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

/** The value a number takes once canonically encoded; training uses these so the commitment covers what was fitted. */
export function canonicalValue(value: number): number {
  return Number(formatCanonicalNumber(value));
}

/**
 * The canonical encoding of a table — the bytes a dataset commitment hashes:
 * - UTF-8, no byte-order mark;
 * - first line: the column names in the table's column order, separated by `,` (no spaces, no quotes);
 * - then one line per row, in the table's row order, values formatted by {@link formatCanonicalNumber};
 * - every line, the last one included, ends with a single `\n` (never `\r\n`).
 */
export function encodeCanonical(table: Table): string {
  const lines = [table.columns.join(",")];
  for (const row of table.rows) lines.push(row.map(formatCanonicalNumber).join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * The dataset commitment a contributor registers on chain: `keccak256` of the canonical encoding, as bytes32.
 *
 * @example
 * const commitment = datasetCommitment(table); // "0x…" (32 bytes)
 */
export function datasetCommitment(table: Table): Hex {
  return keccak256(stringToBytes(encodeCanonical(table)));
}
