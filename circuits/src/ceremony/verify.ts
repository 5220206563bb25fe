import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { zKey } from "snarkjs";
import type { Hex } from "viem";
import { ceremonyId, verifyAttestation } from "./attestation.ts";
import { derivePlonkKey, describeKey } from "./ceremonyKeys.ts";
import { CeremonyError, CeremonyVerificationError } from "./errors.ts";
import { blake2bFile, sha256File } from "./hash.ts";
import {
  type CircuitStep,
  chainHead,
  type FinalKey,
  readTranscript,
  type Transcript,
  transcriptHash,
} from "./transcript.ts";
import { checkZkey } from "./zkeyChain.ts";
import { zkeyContributions } from "./zkeyContributions.ts";

export type VerifyOptions = {
  dir: string;
  /** The Powers of Tau file the transcript names (its blake2b must match). */
  ptau: string;
  /** Where the transcript's r1cs paths are relative to (the repository root). */
  root: string;
  log: (msg: string) => void;
};

export type VerifyReport = {
  transcriptHash: string;
  circuits: string[];
  /** The PLONK builds whose keys derive from the ptau (re-derived and checked once finalized). */
  plonk: string[];
  participants: string[];
  beacon: boolean;
  finalized: boolean;
};

const short = (h: string) => `${h.slice(0, 16)}…`;

/**
 * Replays the whole ceremony and throws CeremonyVerificationError at the first broken link:
 * the ptau is the transcript's; each initial zkey follows from the committed r1cs and the ptau; the contributions
 * are numbered in order and each step starts from the previous step's zkey; every zkey on disk is the attested one;
 * snarkjs `zkey verify` accepts the latest zkey against the initial one and the ptau, and the contributions it holds
 * are, in order, the attested hashes, with the transcript's beacon last; every attestation is signed by its address;
 * the final record (if any) names the latest zkey, its verification key and the verifier rendered from it; and each
 * PLONK key of the final record is the one `plonk setup` derives again from the committed r1cs and the ptau.
 */
export async function verifyCeremony(o: VerifyOptions): Promise<VerifyReport> {
  const dir = resolve(o.dir);
  const t = readTranscript(dir);
  if (!existsSync(o.ptau)) throw new CeremonyError(`--ptau ${o.ptau}: no such file.`);
  const ptauHash = blake2bFile(o.ptau);
  if (ptauHash !== t.ptau.blake2b) {
    throw new CeremonyVerificationError(
      "ptau",
      `${o.ptau} (blake2b ${short(ptauHash)}) is not the transcript's ${t.ptau.file} (${short(t.ptau.blake2b)})`,
    );
  }
  if (t.ptau.warning) o.log(`WARNING recorded by init: ${t.ptau.warning}`);
  checkOrder(t);
  // First every check that reads the transcript and the files (fast), then snarkjs's (slow).
  const chains = [];
  for (const circuit of t.circuits) chains.push(await checkChain(dir, o.root, t, circuit.id));
  checkPlonkInputs(o.root, t);
  await checkSignatures(t);
  const work = mkdtempSync(join(tmpdir(), "symbiote-ceremony-verify-"));
  try {
    for (const chain of chains) await checkCryptography(dir, work, o, t, chain);
    await checkPlonkKeys(work, o, t);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const report: VerifyReport = {
    transcriptHash: transcriptHash(t),
    circuits: t.circuits.map((c) => c.id),
    plonk: (t.plonk ?? []).map((p) => p.id),
    participants: t.contributions.map((c) => `${c.participant} (${c.address})`),
    beacon: t.beacon !== null,
    finalized: t.final !== null,
  };
  const plonk = report.plonk.length > 0 ? `, ${report.plonk.length} PLONK key(s)` : "";
  const beacon = report.circuits.length === 0 ? "" : report.beacon ? ", beacon" : ", NO beacon yet";
  o.log(
    `ceremony OK: ${report.circuits.length} circuit(s), ${report.participants.length} participant(s)${plonk}` +
      `${beacon}${report.finalized ? ", finalized" : ""}; ` +
      `transcript sha256 ${report.transcriptHash}`,
  );
  return report;
}

/** Contributions numbered 1, 2, … in transcript order, each with one step per circuit, in the circuits' order. */
function checkOrder(t: Transcript): void {
  t.contributions.forEach((c, i) => {
    if (c.index !== i + 1) {
      throw new CeremonyVerificationError(
        `contribution #${c.index} (${c.participant})`,
        `out of order: it is entry ${i + 1} of the transcript`,
      );
    }
  });
  const all = [
    ...t.contributions.map((c) => ({ link: `contribution #${c.index} (${c.participant})`, steps: c.steps })),
  ];
  if (t.beacon) all.push({ link: "beacon", steps: t.beacon.steps });
  for (const { link, steps } of all) {
    const ids = steps.map((s) => s.circuit).join(",");
    if (ids !== t.circuits.map((c) => c.id).join(",")) {
      throw new CeremonyVerificationError(
        link,
        `covers circuits [${ids}], the ceremony has [${t.circuits.map((c) => c.id)}]`,
      );
    }
  }
}

type Chain = { id: string; r1cs: string; steps: { link: string; step: CircuitStep }[]; head: string };

/**
 * The chain of one circuit as the files show it: the r1cs is the committed one, each step starts from the zkey the
 * step before wrote, every zkey present is the attested one, and the latest zkey holds, in order, the attested
 * contribution hashes and the transcript's beacon.
 */
async function checkChain(dir: string, root: string, t: Transcript, id: string): Promise<Chain> {
  const circuit = t.circuits.find((c) => c.id === id);
  if (!circuit) throw new CeremonyVerificationError(id, "not in the transcript");
  const r1cs = resolve(root, circuit.r1cs.path);
  if (!existsSync(r1cs) || sha256File(r1cs) !== circuit.r1cs.sha256) {
    throw new CeremonyVerificationError(
      id,
      `${circuit.r1cs.path} is missing or not the r1cs the ceremony started from`,
    );
  }
  checkFile(dir, `${id} initial zkey`, circuit.initialZkey, false);
  const steps: { link: string; step: CircuitStep }[] = [
    ...t.contributions.map((c) => ({
      link: `contribution #${c.index} (${c.participant}), ${id}`,
      step: c.steps.find((s) => s.circuit === id) as CircuitStep,
    })),
    ...(t.beacon ? [{ link: `beacon, ${id}`, step: t.beacon.steps.find((s) => s.circuit === id) as CircuitStep }] : []),
  ];
  let previous = circuit.initialZkey.blake2b;
  steps.forEach(({ link, step }, i) => {
    if (step.previousZkey !== previous) {
      throw new CeremonyVerificationError(
        link,
        `starts from zkey ${short(step.previousZkey)} but the step before it wrote ${short(previous)}: ` +
          "the chain is out of order or a step is missing",
      );
    }
    checkFile(dir, link, step.zkey, i === steps.length - 1);
    previous = step.zkey.blake2b;
  });
  const head = chainHead(t, id).file;
  if (steps.length === 0) return { id, r1cs, steps, head };
  const inZkey = await zkeyContributions(resolve(dir, head));
  if (inZkey.length !== steps.length) {
    throw new CeremonyVerificationError(
      `${id} ${head}`,
      `the zkey holds ${inZkey.length} contribution(s), the transcript lists ${steps.length}`,
    );
  }
  steps.forEach(({ link, step }, i) => {
    const hash = inZkey[i]?.hash ?? "";
    if (hash !== step.contributionHash) {
      throw new CeremonyVerificationError(
        link,
        `the attestation says contribution hash ${short(step.contributionHash)} but contribution ${i + 1} of the ` +
          `zkey is ${short(hash)}`,
      );
    }
  });
  const last = inZkey.at(-1);
  if (t.beacon) {
    if (!last?.beacon)
      throw new CeremonyVerificationError(`beacon, ${id}`, "the zkey's last contribution is not a beacon");
    if (last.beacon.value !== t.beacon.value) {
      throw new CeremonyVerificationError(
        `beacon, ${id}`,
        `the transcript says value ${short(t.beacon.value)} (${t.beacon.source}) but the zkey's beacon used ` +
          `${short(last.beacon.value)}`,
      );
    }
    if (last.beacon.iterationsExp !== t.beacon.iterationsExp) {
      throw new CeremonyVerificationError(
        `beacon, ${id}`,
        `the transcript says 2^${t.beacon.iterationsExp} iterations but the zkey's beacon used ` +
          `2^${last.beacon.iterationsExp}`,
      );
    }
  } else if (inZkey.some((c) => c.beacon)) {
    throw new CeremonyVerificationError(`${id} ${head}`, "the zkey holds a beacon the transcript does not record");
  }
  return { id, r1cs, steps, head };
}

/** Every attestation is signed by the address it names. */
async function checkSignatures(t: Transcript): Promise<void> {
  const id = ceremonyId(t);
  for (const c of t.contributions) {
    const ok = await verifyAttestation(
      id,
      { index: c.index, participant: c.participant, contributor: c.address as Hex, time: c.time, steps: c.steps },
      c.signature as Hex,
    );
    if (!ok) {
      throw new CeremonyVerificationError(
        `contribution #${c.index} (${c.participant})`,
        `the attestation's signature is not ${c.address}'s over this attestation: the attestation was altered ` +
          "after signing, or someone else signed it",
      );
    }
  }
}

/**
 * snarkjs's checks: the initial zkey follows from the r1cs and the ptau, `zkey verify` accepts the latest zkey
 * against it (every contribution's proof of knowledge, the beacon's key, the key sections) and reports the same
 * contribution hashes; the final record names that zkey and its verification key.
 */
async function checkCryptography(dir: string, work: string, o: VerifyOptions, t: Transcript, chain: Chain) {
  const { id, steps, head } = chain;
  const circuit = t.circuits.find((c) => c.id === id);
  if (!circuit) return;
  o.log(`${id}: initial zkey from the r1cs and the ptau`);
  const init = join(work, `${id}.zkey`);
  await zKey.newZKey(chain.r1cs, o.ptau, init);
  const initHash = blake2bFile(init);
  if (initHash !== circuit.initialZkey.blake2b) {
    throw new CeremonyVerificationError(
      `${id} initial zkey`,
      `the r1cs and the ptau give blake2b ${short(initHash)}, the transcript records ${short(circuit.initialZkey.blake2b)}`,
    );
  }
  if (steps.length === 0) return;
  o.log(`${id}: zkey verify of ${head} (${steps.length} contribution(s))`);
  const check = await checkZkey(init, o.ptau, resolve(dir, head));
  if (!check.ok) {
    throw new CeremonyVerificationError(
      `${id} ${head}`,
      "snarkjs zkey verify rejects it against the initial zkey and the ptau",
      check.errors.join("\n"),
    );
  }
  const reported = check.contributions.map((c) => c.hash).join(",");
  if (reported !== steps.map((s) => s.step.contributionHash).join(",")) {
    throw new CeremonyVerificationError(`${id} ${head}`, "zkey verify reports other contribution hashes than attested");
  }
  const final = t.final?.circuits.find((c) => c.id === id);
  if (t.final && !final) throw new CeremonyVerificationError(`final, ${id}`, "the final record omits this circuit");
  if (final) {
    if (final.zkey.blake2b !== chainHead(t, id).blake2b) {
      throw new CeremonyVerificationError(`final, ${id}`, "the final zkey is not the chain's last zkey");
    }
    const actual = await describeKey("groth16", resolve(dir, head), id, circuit.verifierContract, ceremonyId(t));
    compareFinal(`final, ${id}`, final, actual.record);
  }
}

/** Every PLONK build's committed r1cs is the one the transcript names. */
function checkPlonkInputs(root: string, t: Transcript): void {
  for (const p of t.plonk ?? []) {
    const r1cs = resolve(root, p.r1cs.path);
    if (!existsSync(r1cs) || sha256File(r1cs) !== p.r1cs.sha256) {
      throw new CeremonyVerificationError(
        `${p.id}/plonk`,
        `${p.r1cs.path} is missing or not the r1cs the ceremony names; check out the ceremony's commit`,
      );
    }
  }
  const extra = (t.final?.plonk ?? []).filter((r) => !(t.plonk ?? []).some((p) => p.id === r.id));
  if (extra.length > 0) {
    throw new CeremonyVerificationError(
      `final, ${extra.map((r) => r.id).join(", ")}/plonk`,
      "the final record names PLONK keys the ceremony does not cover",
    );
  }
}

/**
 * Once finalized, each PLONK key is re-derived (`plonk setup` draws no randomness) and must be, byte for byte, the
 * recorded zkey, with the recorded vkey and verifier: nobody can pass another key off as the ceremony's.
 */
async function checkPlonkKeys(work: string, o: VerifyOptions, t: Transcript): Promise<void> {
  if (!t.final) return;
  for (const p of t.plonk ?? []) {
    const link = `final, ${p.id}/plonk`;
    const recorded = t.final.plonk?.find((r) => r.id === p.id);
    if (!recorded) throw new CeremonyVerificationError(link, "the final record omits this PLONK key");
    o.log(`${p.id}/plonk: the PLONK key again from ${p.r1cs.path} and the ptau`);
    const derived = await derivePlonkKey(p, o.root, o.ptau, join(work, `${p.id}.plonk.zkey`), ceremonyId(t));
    compareFinal(link, recorded, derived.record);
  }
}

/** A final record against the key, vkey and verifier the files give. */
function compareFinal(link: string, recorded: FinalKey, actual: FinalKey): void {
  if (actual.zkey.sha256 !== recorded.zkey.sha256 || actual.zkey.blake2b !== recorded.zkey.blake2b) {
    throw new CeremonyVerificationError(
      link,
      `the zkey's sha256 is ${actual.zkey.sha256}, the final record says ${recorded.zkey.sha256}`,
    );
  }
  if (actual.vkey.sha256 !== recorded.vkey.sha256) {
    throw new CeremonyVerificationError(link, "the recorded vkey sha256 is not the zkey's vkey");
  }
  if (actual.verifier.contract !== recorded.verifier.contract || actual.verifier.sha256 !== recorded.verifier.sha256) {
    throw new CeremonyVerificationError(
      link,
      `the recorded verifier (${recorded.verifier.contract}, sha256 ${short(recorded.verifier.sha256)}) is not the ` +
        `one exported from the key (${actual.verifier.contract}, sha256 ${short(actual.verifier.sha256)})`,
    );
  }
}

/** A zkey of the chain must be the attested one when present; the chain's last zkey must be present. */
function checkFile(dir: string, link: string, ref: { file: string; blake2b: string }, required: boolean): void {
  const path = resolve(dir, ref.file);
  if (!existsSync(path)) {
    if (required) throw new CeremonyVerificationError(link, `${ref.file} is missing; fetch the published zkey`);
    return;
  }
  const actual = blake2bFile(path);
  if (actual !== ref.blake2b) {
    throw new CeremonyVerificationError(
      link,
      `${ref.file} is not the attested zkey (blake2b ${short(actual)}, attested ${short(ref.blake2b)}): ` +
        "the file was altered or replaced",
    );
  }
}
