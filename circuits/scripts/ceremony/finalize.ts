import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { zKey } from "snarkjs";
import type { Address } from "viem";
import { MANIFEST_PATH, type Manifest } from "../../../oracle/src/zk/manifest.ts";
import { exportVerifier } from "../setup.ts";
import { ceremonyId } from "./attestation.ts";
import { CeremonyError } from "./errors.ts";
import { sha256File, sha256Text } from "./hash.ts";
import { type Proposal, registrationProposal } from "./proposal.ts";
import { chainHead, readTranscript, serializeTranscript, transcriptHash, writeTranscript } from "./transcript.ts";
import { verifyCeremony } from "./verify.ts";

/** Where finalize publishes the transcript, relative to the output root. */
export const PUBLISHED_TRANSCRIPT = "circuits/ceremony/transcript.json";

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

export type FinalizeResult = { manifest: Manifest; transcriptSha256: string; proposal?: Proposal };

/**
 * The verifier's header says which setup its key comes from (the generated one says "DEV"): the ceremony, named by
 * its id (ptau and initial zkeys), since the transcript records the verifier's hash in turn.
 */
function ceremonyHeader(source: string, ceremony: string): string {
  const label = `from the trusted-setup ceremony ${ceremony} (${PUBLISHED_TRANSCRIPT})`;
  const relabelled = source
    .replace("from a DEV trusted setup", label)
    .replace("(npm run circuits:build)", "(npm run ceremony -- finalize)");
  if (relabelled !== source) return relabelled;
  const [first, ...rest] = source.split("\n");
  return [first, `// Key ${label}.`, ...rest].join("\n");
}

const place = (out: string, path: string) => {
  const target = resolve(out, path);
  mkdirSync(dirname(target), { recursive: true });
  return target;
};

/**
 * Closes a verified ceremony: the last zkey of each circuit becomes its Groth16 key (with its vkey and a freshly
 * exported verifier), the transcript is published next to the manifest, the manifest records the ceremony (setup
 * kind "ceremony" when every backend it lists comes from it, else per backend), and, when the verifiers are
 * deployed, the governance proposal that registers them is written to <dir>/proposal.json.
 */
export async function finalizeCeremony(o: FinalizeOptions): Promise<FinalizeResult> {
  const dir = resolve(o.dir);
  const transcript = readTranscript(dir);
  if (!transcript.beacon) {
    throw new CeremonyError(
      "the ceremony has no beacon yet: apply one (npm run ceremony -- beacon) so that no participant chose the key last.",
    );
  }
  await verifyCeremony({ dir, ptau: o.ptau, root: o.root, log: o.log });
  const manifest = JSON.parse(readFileSync(resolve(o.root, MANIFEST_PATH), "utf8")) as Manifest;
  const id = ceremonyId(transcript);

  transcript.final = { time: (o.now ?? (() => new Date()))().toISOString(), circuits: [] };
  const built: { id: string; zkey: string; vkey: string; verifier: string }[] = [];
  for (const c of transcript.circuits) {
    const head = resolve(dir, chainHead(transcript, c.id).file);
    const vkeyJson = `${JSON.stringify(await zKey.exportVerificationKey(head), null, 2)}\n`;
    const verifier = ceremonyHeader(await exportVerifier("groth16", head, c.verifierContract, c.id), id);
    transcript.final.circuits.push({
      id: c.id,
      zkey: { blake2b: chainHead(transcript, c.id).blake2b, sha256: sha256File(head) },
      vkey: { sha256: sha256Text(vkeyJson) },
      verifier: { contract: c.verifierContract, sha256: sha256Text(verifier) },
    });
    built.push({ id: c.id, zkey: head, vkey: vkeyJson, verifier });
  }
  writeTranscript(dir, transcript);
  const transcriptSha256 = transcriptHash(transcript);
  writeFileSync(place(o.out, PUBLISHED_TRANSCRIPT), serializeTranscript(transcript));

  for (const b of built) {
    const circuit = manifest.circuits.find((c) => c.id === b.id);
    const backend = circuit?.backends.find((x) => x.backend === "groth16");
    if (!circuit || !backend) throw new CeremonyError(`${b.id} is no longer a Groth16 circuit of the manifest.`);
    const zkeyPath = `circuits/build/${b.id}/groth16/circuit.zkey`;
    const vkeyPath = `circuits/build/${b.id}/groth16/vkey.json`;
    copyFileSync(b.zkey, place(o.out, zkeyPath));
    writeFileSync(place(o.out, vkeyPath), b.vkey);
    writeFileSync(place(o.out, backend.verifier.path), b.verifier);
    backend.zkey = { path: zkeyPath, sha256: sha256File(b.zkey), bytes: statSync(b.zkey).size, committed: true };
    backend.vkey = { path: vkeyPath, sha256: sha256Text(b.vkey), bytes: Buffer.byteLength(b.vkey) };
    backend.verifier = { ...backend.verifier, sha256: sha256Text(b.verifier) };
    backend.setup = { kind: "ceremony", transcriptSha256 };
    o.log(`${b.id}: zkey, vkey and ${backend.verifier.contract} from the ceremony`);
  }
  const ceremonyIds = transcript.circuits.map((c) => c.id);
  for (const c of manifest.circuits) {
    for (const b of c.backends) {
      if (!(b.backend === "groth16" && ceremonyIds.includes(c.id)) && !b.setup) b.setup = { kind: manifest.setup.kind };
    }
  }
  const all = manifest.circuits.every((c) => c.backends.every((b) => b.setup?.kind === "ceremony"));
  if (all) for (const c of manifest.circuits) for (const b of c.backends) delete b.setup;
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
      beacon: {
        source: transcript.beacon.source,
        value: transcript.beacon.value,
        iterationsExp: transcript.beacon.iterationsExp,
      },
      circuits: ceremonyIds,
    },
  };
  writeFileSync(place(o.out, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
  o.log(`manifest: setup.kind "${manifest.setup.kind}", transcript sha256 ${transcriptSha256}`);

  const result: FinalizeResult = { manifest, transcriptSha256 };
  if (o.proposal) {
    result.proposal = registrationProposal({
      manifest,
      circuits: ceremonyIds,
      ...o.proposal,
      transcriptSha256,
    });
    writeFileSync(resolve(dir, "proposal.json"), `${JSON.stringify(result.proposal, null, 2)}\n`);
    o.log(`governance proposal: ${resolve(dir, "proposal.json")}`);
  } else {
    o.log(
      "no proposal yet: deploy the verifiers, then run `npm run ceremony -- proposal` with --registry and " +
        "--verifier <circuit id>=<address> for each circuit",
    );
  }
  return result;
}
