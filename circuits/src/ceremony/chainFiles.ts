import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CeremonyError } from "./errors.ts";
import { blake2bFile } from "./hash.ts";
import { chainHead, type Transcript } from "./transcript.ts";

/**
 * The zkey the next step of `circuit` builds on, checked against the transcript: a step never starts from a file
 * that differs from the one the previous participant attested.
 */
export function headZkey(dir: string, transcript: Transcript, circuit: string): { path: string; blake2b: string } {
  const head = chainHead(transcript, circuit);
  const path = resolve(dir, head.file);
  if (!existsSync(path)) throw new CeremonyError(`${path} is missing; fetch the ceremony's latest zkeys first.`);
  const actual = blake2bFile(path);
  if (actual !== head.blake2b) {
    throw new CeremonyError(
      `${path} is not the zkey the transcript records (blake2b ${actual.slice(0, 16)}…, recorded ` +
        `${head.blake2b.slice(0, 16)}…); fetch the published one, and run \`npm run ceremony -- verify\`.`,
    );
  }
  return { path, blake2b: actual };
}
