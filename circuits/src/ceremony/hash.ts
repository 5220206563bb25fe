import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** blake2b-512 of a file, hex: the hash snarkjs's README publishes for every Powers of Tau file. */
export function blake2bFile(path: string): string {
  return createHash("blake2b512").update(readFileSync(path)).digest("hex");
}

/** sha256 of a file, hex: the hash the manifest and the registry record. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** sha256 of a string, hex. */
export function sha256Text(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
