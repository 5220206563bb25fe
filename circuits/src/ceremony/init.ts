import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { basename, resolve } from "node:path";
import { powersOfTau, zKey } from "snarkjs";
import type { Manifest } from "../manifest.ts";
import { ceremonySelection, plonkPower } from "./circuitsOf.ts";
import { CeremonyError } from "./errors.ts";
import { blake2bFile } from "./hash.ts";
import { findKnownPtau, loadKnownPtau } from "./knownPtau.ts";
import { ptauPower } from "./ptauInfo.ts";
import { collectingLogger } from "./snarkjsLog.ts";
import { TRANSCRIPT_FORMAT, type Transcript, transcriptPath, writeTranscript } from "./transcript.ts";

export type InitOptions = {
  /** The ceremony directory to create (or an empty one). */
  dir: string;
  ptau: string;
  allowUnknownPtau: boolean;
  /** Builds to cover, each `<id>`, `<id>/groth16` or `<id>/plonk`; empty: every build of the manifest. */
  circuits: readonly string[];
  manifest: Manifest;
  /** Where the manifest's paths are relative to (the repository root). */
  root: string;
  /** The list of published ptau files (knownPtau.json unless a test hands another in). */
  knownPtauList?: string;
  log: (msg: string) => void;
  now?: () => Date;
};

/** The zkey file of a circuit's step inside the ceremony directory. */
export function zkeyFile(circuit: string, index: number, label: string): string {
  return `${circuit}/${String(index).padStart(4, "0")}_${label.replace(/[^A-Za-z0-9_-]/g, "_")}.zkey`;
}

/** The warning recorded in a transcript whose ptau is not a known published file. */
export function unknownPtauWarning(blake2b: string): string {
  return (
    `UNKNOWN POWERS OF TAU: blake2b ${blake2b.slice(0, 16)}… is not a published file of knownPtau.json. ` +
    "Whoever produced it may know its toxic waste and forge proofs for every key of this ceremony, " +
    "whatever the phase-2 participants do. Use it for tests only."
  );
}

/**
 * Starts a ceremony: checks the Powers of Tau (a known published file, unless allowed otherwise, and snarkjs
 * `powersoftau verify`), then writes each Groth16 circuit's initial zkey from its committed r1cs, and the transcript,
 * which also names the PLONK builds whose keys `finalize` derives from the same ptau.
 */
export async function initCeremony(o: InitOptions): Promise<Transcript> {
  const dir = resolve(o.dir);
  if (existsSync(transcriptPath(dir))) {
    throw new CeremonyError(`${dir} already holds a ceremony; pick a new directory for a new ceremony.`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CeremonyError(`${dir} is not empty; init writes into a new or empty directory.`);
  }
  if (!existsSync(o.ptau)) throw new CeremonyError(`--ptau ${o.ptau}: no such file.`);
  const blake2b = blake2bFile(o.ptau);
  const known = findKnownPtau(blake2b, loadKnownPtau(o.knownPtauList));
  let warning: string | undefined;
  if (!known) {
    if (!o.allowUnknownPtau) {
      throw new CeremonyError(
        `${o.ptau} (blake2b ${blake2b.slice(0, 16)}…) is not a published Powers of Tau file of ` +
          "circuits/src/ceremony/knownPtau.json. Download the Hermez final file of the power you need " +
          "(the list gives each one's URL and hash), or, for a test only, pass --allow-unknown-ptau.",
      );
    }
    warning = unknownPtauWarning(blake2b);
    const bar = "!".repeat(100);
    o.log(`${bar}\n!! ${warning}\n${bar}`);
  } else {
    o.log(`ptau: ${known.name} (power ${known.power}), published at ${known.url}`);
  }
  const power = ptauPower(o.ptau);
  if (known && known.power !== power) {
    throw new CeremonyError(`${o.ptau} says power ${power} but its hash is the published power-${known.power} file.`);
  }
  const { groth16: circuits, plonk } = ceremonySelection(o.manifest, o.circuits, o.root);
  for (const c of circuits) {
    if (c.constraints + c.nPublic + 1 > 2 ** power) {
      throw new CeremonyError(
        `${c.id} needs 2^${Math.ceil(Math.log2(c.constraints + c.nPublic + 1))} powers; the ptau has 2^${power}. ` +
          "Use a larger published file.",
      );
    }
  }
  for (const p of plonk) {
    if (p.gates !== undefined && plonkPower(p.gates) > power) {
      throw new CeremonyError(
        `${p.id}/plonk has ${p.gates} PLONK gates and needs 2^${plonkPower(p.gates)} powers; the ptau has 2^${power}. ` +
          `Use a larger published file, or leave the PLONK build out (--circuit ${p.id}/groth16).`,
      );
    }
  }
  o.log(`ptau: powersoftau verify (${basename(o.ptau)})`);
  const logger = collectingLogger();
  if (!(await powersOfTau.verify(o.ptau, logger))) {
    throw new CeremonyError(`${o.ptau} fails powersoftau verify; fetch the file again from its published URL.`, {
      details: logger.errors.join("\n"),
    });
  }
  mkdirSync(dir, { recursive: true });
  const entries: Transcript["circuits"] = [];
  for (const c of circuits) {
    mkdirSync(resolve(dir, c.id), { recursive: true });
    const file = zkeyFile(c.id, 0, "init");
    o.log(`${c.id}: initial zkey from ${c.r1cs.path} (${c.constraints} constraints)`);
    await zKey.newZKey(c.r1cs.absolute, o.ptau, resolve(dir, file));
    entries.push({
      id: c.id,
      r1cs: { path: c.r1cs.path, sha256: c.r1cs.sha256 },
      constraints: c.constraints,
      verifierContract: c.verifierContract,
      initialZkey: { file, blake2b: blake2bFile(resolve(dir, file)) },
    });
  }
  if (plonk.length > 0) {
    o.log(`PLONK keys, derived from this ptau by finalize: ${plonk.map((p) => p.id).join(", ")}`);
  }
  const transcript: Transcript = {
    format: TRANSCRIPT_FORMAT,
    createdAt: (o.now ?? (() => new Date()))().toISOString(),
    ptau: {
      file: basename(o.ptau),
      blake2b,
      power,
      known: known ? { name: known.name, url: known.url, source: known.source } : null,
      ...(warning ? { warning } : {}),
    },
    circuits: entries,
    plonk: plonk.map((p) => ({
      id: p.id,
      r1cs: { path: p.r1cs.path, sha256: p.r1cs.sha256 },
      ...(p.gates === undefined ? {} : { gates: p.gates }),
      verifierContract: p.verifierContract,
    })),
    contributions: [],
    beacon: null,
    final: null,
  };
  writeTranscript(dir, transcript);
  return transcript;
}
