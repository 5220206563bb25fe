import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { CeremonyError } from "./errors.ts";
import { sha256Text } from "./hash.ts";

/** Format tag of the transcript (docs/circuits.md, "Ceremony transcript"). */
export const TRANSCRIPT_FORMAT = "symbiote-ceremony/1";
export const TRANSCRIPT_FILE = "transcript.json";

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
const blake2b = hex(64);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** A zkey of the chain: its path inside the ceremony directory and its blake2b-512. */
const zkeyRef = z.object({ file: z.string().min(1), blake2b });

const circuitStep = z.object({
  circuit: z.string().min(1),
  /** blake2b-512 of the zkey this step started from: the previous step's, or the initial zkey. */
  previousZkey: blake2b,
  zkey: zkeyRef,
  /** The contribution hash snarkjs returns and `zkey verify` prints for this step. */
  contributionHash: blake2b,
});

/** A key `finalize` wrote: the zkey, its verification key (vkey.json as written) and the verifier source. */
const finalKey = z.object({
  id: z.string(),
  zkey: z.object({ blake2b, sha256: hex(32) }),
  vkey: z.object({ sha256: hex(32) }),
  verifier: z.object({ contract: z.string(), sha256: hex(32) }),
});

const transcriptSchema = z.object({
  format: z.literal(TRANSCRIPT_FORMAT),
  createdAt: z.string(),
  ptau: z.object({
    /** The file name `init` was given (the file itself is public: fetch it by its hash). */
    file: z.string(),
    blake2b,
    power: z.number().int(),
    /** The published file it is (knownPtau.json), or null when init accepted an unknown file. */
    known: z.object({ name: z.string(), url: z.string(), source: z.string() }).nullable(),
    /** Set when the file is not a known published one: the warning init printed, kept for every reader. */
    warning: z.string().optional(),
  }),
  circuits: z.array(
    z.object({
      id: z.string().min(1),
      /** The committed r1cs the initial zkey comes from (repository path) and its sha256 (the manifest's). */
      r1cs: z.object({ path: z.string(), sha256: hex(32) }),
      constraints: z.number().int(),
      verifierContract: z.string().min(1),
      initialZkey: zkeyRef,
    }),
  ),
  /**
   * The PLONK builds whose keys `finalize` derives from the ptau (`plonk setup`: no phase 2, no contribution), by the
   * committed r1cs each comes from. Absent in a transcript without any.
   */
  plonk: z
    .array(
      z.object({
        id: z.string().min(1),
        r1cs: z.object({ path: z.string(), sha256: hex(32) }),
        gates: z.number().int().optional(),
        verifierContract: z.string().min(1),
      }),
    )
    .optional(),
  contributions: z.array(
    z.object({
      index: z.number().int().min(1),
      participant: z.string().min(1),
      address,
      time: z.string(),
      steps: z.array(circuitStep),
      /** EIP-712 signature by `address` over the attestation (attestation.ts). */
      signature: z.string().regex(/^0x[0-9a-fA-F]+$/),
    }),
  ),
  beacon: z
    .object({
      /** "block:<n>@<chain>" or "drand:<round>". */
      source: z.string(),
      /** The public random value, hex, as the source published it. */
      value: z.string().regex(/^[0-9a-f]+$/),
      iterationsExp: z.number().int().min(10).max(63),
      /** Where and when the source was fixed in advance. */
      announcement: z.string(),
      /** How anyone fetches the value from the source. */
      recompute: z.string(),
      time: z.string(),
      steps: z.array(circuitStep),
    })
    .nullable(),
  final: z
    .object({
      time: z.string(),
      circuits: z.array(finalKey),
      /** The PLONK keys derived from the ptau, as `verify` re-derives them. Absent when the ceremony has none. */
      plonk: z.array(finalKey).optional(),
    })
    .nullable(),
});

export type Transcript = z.infer<typeof transcriptSchema>;
export type CircuitStep = z.infer<typeof circuitStep>;
export type TranscriptContribution = Transcript["contributions"][number];
export type TranscriptPlonk = NonNullable<Transcript["plonk"]>[number];
export type FinalKey = z.infer<typeof finalKey>;

export function transcriptPath(dir: string): string {
  return resolve(dir, TRANSCRIPT_FILE);
}

/** Reads and validates a ceremony directory's transcript. */
export function readTranscript(dir: string): Transcript {
  const path = transcriptPath(dir);
  if (!existsSync(path)) {
    throw new CeremonyError(`${path} does not exist; start a ceremony with \`npm run ceremony -- init\` first.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CeremonyError(`${path} is not JSON; restore the published transcript.`, { cause: error });
  }
  const parsed = transcriptSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CeremonyError(`${path} is not a ${TRANSCRIPT_FORMAT} transcript; restore the published transcript.`, {
      details: parsed.error.message,
    });
  }
  return parsed.data;
}

export function serializeTranscript(transcript: Transcript): string {
  return `${JSON.stringify(transcript, null, 2)}\n`;
}

export function writeTranscript(dir: string, transcript: Transcript): void {
  writeFileSync(transcriptPath(dir), serializeTranscript(transcript));
}

/** The transcript's identity: sha256 of its file as written (what the manifest and the explorer show). */
export function transcriptHash(transcript: Transcript): string {
  return sha256Text(serializeTranscript(transcript));
}

/** The zkey every next step starts from, per circuit: the last step's, else the initial zkey. */
export function chainHead(transcript: Transcript, circuit: string): { file: string; blake2b: string } {
  const steps = [
    ...transcript.contributions.flatMap((c) => c.steps),
    ...(transcript.beacon ? transcript.beacon.steps : []),
  ].filter((s) => s.circuit === circuit);
  const last = steps.at(-1);
  if (last) return last.zkey;
  const entry = transcript.circuits.find((c) => c.id === circuit);
  if (!entry) throw new CeremonyError(`circuit ${circuit} is not part of this ceremony.`);
  return entry.initialZkey;
}

/** The builds the ceremony makes keys for, as "<id>/groth16" and "<id>/plonk" (the deploy's circuit keys). */
export function ceremonyKeys(transcript: Pick<Transcript, "circuits" | "plonk">): string[] {
  return [
    ...transcript.circuits.map((c) => `${c.id}/groth16`),
    ...(transcript.plonk ?? []).map((p) => `${p.id}/plonk`),
  ];
}
