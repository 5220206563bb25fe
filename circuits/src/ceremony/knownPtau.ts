import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { CeremonyError } from "./errors.ts";

/** The committed list of published Powers of Tau files (circuits/src/ceremony/knownPtau.json). */
export const KNOWN_PTAU_PATH = resolve(import.meta.dirname, "knownPtau.json");

const knownPtauSchema = z.object({
  note: z.string(),
  files: z.array(
    z.object({
      power: z.number().int().min(1).max(28),
      name: z.string().min(1),
      url: z.string().min(1),
      blake2b: z.string().regex(/^[0-9a-f]{128}$/),
      source: z.string().min(1),
    }),
  ),
});

export type KnownPtau = z.infer<typeof knownPtauSchema>["files"][number];

/** Reads a list of known files; `path` is there so that tests can hand a small list in. */
export function loadKnownPtau(path: string = KNOWN_PTAU_PATH): KnownPtau[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CeremonyError(`cannot read the list of known Powers of Tau files ${path}; restore it from git.`, {
      cause: error,
    });
  }
  const parsed = knownPtauSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CeremonyError(`${path} is not a list of known Powers of Tau files; restore it from git.`, {
      details: parsed.error.message,
    });
  }
  return parsed.data.files;
}

/** The published file whose blake2b-512 is `blake2b`, if any. */
export function findKnownPtau(blake2b: string, list: readonly KnownPtau[]): KnownPtau | undefined {
  return list.find((file) => file.blake2b === blake2b.toLowerCase());
}
