import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Address } from "viem";
import { type Backend, MANIFEST_PATH, type Manifest } from "../manifest.ts";
import { ceremonyId } from "./attestation.ts";
import { type DerivedKey, derivePlonkKey, describeKey, keyPaths, PUBLISHED_TRANSCRIPT } from "./ceremonyKeys.ts";
import { CeremonyError } from "./errors.ts";
import { type Proposal, registrationProposal } from "./proposal.ts";
import {
  ceremonyKeys,
  chainHead,
  readTranscript,
  serializeTranscript,
  transcriptHash,
  writeTranscript,
} from "./transcript.ts";
import { verifyCeremony } from "./verify.ts";

export type FinalizeOptions = {
  dir: string;
  ptau: string;
  /** The repository root the manifest and r1cs are read from. */
  root: string;
  /** Where the keys, verifiers, transcript and manifest are written, laid out as the repository (default: root). */
  out: string;
  log: (msg: string) => void;
  /** When the verifiers are deployed: the proposal registering them through governance. */
  proposal?: {
    registry: Address;
    verifiers: Readonly<Record<string, Address>>;
    artifactBaseURI: string;
    retire?: readonly number[];
  };
  now?: () => Date;
};

export type FinalizeResult = {
  manifest: Manifest;
  transcriptSha256: string;
  proposal?: Proposal;
  /** How long each PLONK key took to derive (plonk setup), in seconds. */
  plonk: { id: string; seconds: number }[];
};

const place = (out: string, path: string) => {
  const target = resolve(out, path);
  mkdirSync(dirname(target), { recursive: true });
  return target;
};

/** What finalize made of one build, and where the manifest finds it. */
type Written = { id: string; backend: Backend; key: DerivedKey; zkeyPath: string; committed: boolean };

/**
 * Closes a verified ceremony: the last zkey of each Groth16 circuit becomes its key, each PLONK build's key is derived
 * from the ceremony's ptau (`plonk setup`), each with its vkey and a freshly exported verifier; the transcript records
 * them all and is published next to the manifest; the manifest records the ceremony (setup kind "ceremony" when every
 * backend it lists comes from it, else per backend); and, when the verifiers are deployed, the governance proposal
 * that registers them is written to <dir>/proposal.json.
 */
export async function finalizeCeremony(o: FinalizeOptions): Promise<FinalizeResult> {
  const dir = resolve(o.dir);
  const transcript = readTranscript(dir);
  if (transcript.circuits.length > 0 && !transcript.beacon) {
    throw new CeremonyError(
      "the ceremony has no beacon yet: apply one (npm run ceremony -- beacon) so that no participant chose the key last.",
    );
  }
  await verifyCeremony({ dir, ptau: o.ptau, root: o.root, log: o.log });
  const manifest = JSON.parse(readFileSync(resolve(o.root, MANIFEST_PATH), "utf8")) as Manifest;
  const id = ceremonyId(transcript);
  const time = (o.now ?? (() => new Date()))().toISOString();

  const written: Written[] = [];
  for (const c of transcript.circuits) {
    const head = resolve(dir, chainHead(transcript, c.id).file);
    const key = await describeKey("groth16", head, c.id, c.verifierContract, id);
    written.push({ id: c.id, backend: "groth16", key, zkeyPath: head, committed: true });
  }
  const plonkTimes: FinalizeResult["plonk"] = [];
  for (const p of transcript.plonk ?? []) {
    o.log(`${p.id}: PLONK key from the ceremony's ptau (plonk setup)`);
    const started = performance.now();
    const zkey = place(o.out, keyPaths(p.id, "plonk").zkey);
    const key = await derivePlonkKey(p, o.root, o.ptau, zkey, id);
    plonkTimes.push({ id: p.id, seconds: (performance.now() - started) / 1000 });
    // about 40 MB: published with the other artifacts, never committed (.gitignore)
    written.push({ id: p.id, backend: "plonk", key, zkeyPath: zkey, committed: false });
  }
  const plonkRecords = written.filter((w) => w.backend === "plonk").map((w) => w.key.record);
  transcript.final = {
    time,
    circuits: written.filter((w) => w.backend === "groth16").map((w) => w.key.record),
    ...(plonkRecords.length > 0 ? { plonk: plonkRecords } : {}),
  };
  writeTranscript(dir, transcript);
  const transcriptSha256 = transcriptHash(transcript);
  writeFileSync(place(o.out, PUBLISHED_TRANSCRIPT), serializeTranscript(transcript));

  for (const w of written) {
    const circuit = manifest.circuits.find((c) => c.id === w.id);
    const backend = circuit?.backends.find((x) => x.backend === w.backend);
    if (!circuit || !backend) throw new CeremonyError(`${w.id} is no longer a ${w.backend} build of the manifest.`);
    const paths = keyPaths(w.id, w.backend);
    const target = place(o.out, paths.zkey);
    if (resolve(w.zkeyPath) !== resolve(target)) copyFileSync(w.zkeyPath, target);
    writeFileSync(place(o.out, paths.vkey), w.key.vkey);
    writeFileSync(place(o.out, backend.verifier.path), w.key.verifier);
    backend.zkey = {
      path: paths.zkey,
      sha256: w.key.record.zkey.sha256,
      bytes: w.key.zkeyBytes,
      committed: w.committed,
    };
    backend.vkey = { path: paths.vkey, sha256: w.key.record.vkey.sha256, bytes: Buffer.byteLength(w.key.vkey) };
    backend.verifier = { ...backend.verifier, sha256: w.key.record.verifier.sha256 };
    backend.setup = { kind: "ceremony", transcriptSha256 };
    o.log(`${w.id}/${w.backend}: zkey, vkey and ${backend.verifier.contract} from the ceremony`);
  }
  const covered = ceremonyKeys(transcript);
  for (const c of manifest.circuits) {
    for (const b of c.backends) {
      if (!covered.includes(`${c.id}/${b.backend}`) && !b.setup) b.setup = { kind: manifest.setup.kind };
    }
  }
  const all = manifest.circuits.every((c) => c.backends.every((b) => b.setup?.kind === "ceremony"));
  if (all) for (const c of manifest.circuits) for (const b of c.backends) delete b.setup;
  const plonkIds = (transcript.plonk ?? []).map((p) => p.id);
  manifest.setup = {
    kind: all ? "ceremony" : "mixed",
    ptauPower: transcript.ptau.power,
    note: all
      ? "Multi-party trusted-setup ceremony: see setup.ceremony and `npm run ceremony -- verify` (docs/circuits.md)."
      : "MIXED: the backends marked setup.kind 'ceremony' come from the ceremony (setup.ceremony); the others keep " +
        "their DEV keys, which anyone may forge proofs with. The deploy refuses 'mixed' on a real network.",
    ceremony: {
      transcript: { path: PUBLISHED_TRANSCRIPT, sha256: transcriptSha256 },
      participants: transcript.contributions.map((c) => `${c.participant} (${c.address})`),
      ptau: { file: transcript.ptau.file, blake2b: transcript.ptau.blake2b, known: transcript.ptau.known !== null },
      beacon: transcript.beacon
        ? {
            source: transcript.beacon.source,
            value: transcript.beacon.value,
            iterationsExp: transcript.beacon.iterationsExp,
          }
        : null,
      circuits: transcript.circuits.map((c) => c.id),
      ...(plonkIds.length > 0 ? { plonk: plonkIds } : {}),
    },
  };
  writeFileSync(place(o.out, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
  o.log(`manifest: setup.kind "${manifest.setup.kind}", transcript sha256 ${transcriptSha256}`);

  const result: FinalizeResult = { manifest, transcriptSha256, plonk: plonkTimes };
  if (o.proposal) {
    result.proposal = registrationProposal({ manifest, keys: covered, ...o.proposal, transcriptSha256 });
    writeFileSync(resolve(dir, "proposal.json"), `${JSON.stringify(result.proposal, null, 2)}\n`);
    o.log(`governance proposal: ${resolve(dir, "proposal.json")}`);
  } else {
    o.log(
      "no proposal yet: deploy the verifiers, then run `npm run ceremony -- proposal` with --registry and " +
        "--verifier <circuit id>/<backend>=<address> for each verifier",
    );
  }
  return result;
}
