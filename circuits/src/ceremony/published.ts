import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type Backend, MANIFEST_PATH, type Manifest } from "../manifest.ts";
import { keyPaths, PUBLISHED_TRANSCRIPT } from "./ceremonyKeys.ts";
import { CeremonyError, CeremonyVerificationError } from "./errors.ts";
import { sha256File } from "./hash.ts";
import { chainHead, type FinalKey, readTranscript, TRANSCRIPT_FILE, type Transcript } from "./transcript.ts";
import { type VerifyReport, verifyCeremony } from "./verify.ts";

export type VerifyPublishedOptions = {
  /** The root finalize wrote (its --out), laid out as the repository. */
  published: string;
  /** The Powers of Tau the transcript names. */
  ptau: string;
  /** The repository at the ceremony's commit: the committed r1cs the keys come from. */
  root: string;
  log: (msg: string) => void;
};

/**
 * Checks a published finalize output from its files alone: the ceremony replays from the published transcript and
 * final Groth16 zkeys (the intermediate zkeys are optional: the last one carries every contribution), each PLONK key
 * is derived again from the ptau and must be the published one, and every published zkey, vkey and verifier, and the
 * published manifest's hashes, are the ones the transcript's final record holds.
 */
export async function verifyPublished(o: VerifyPublishedOptions): Promise<VerifyReport> {
  const published = resolve(o.published);
  const transcriptFile = resolve(published, PUBLISHED_TRANSCRIPT);
  if (!existsSync(transcriptFile)) {
    throw new CeremonyError(`${transcriptFile} is missing; give the root that finalize wrote (its --out).`);
  }
  const work = mkdtempSync(join(tmpdir(), "symbiote-ceremony-published-"));
  try {
    // the ceremony directory verify replays: the published transcript, with each final zkey at its chain's head
    symlinkSync(transcriptFile, join(work, TRANSCRIPT_FILE));
    const t = readTranscript(work);
    if (!t.final) throw new CeremonyVerificationError("final", "the published transcript is not finalized");
    for (const c of t.circuits) {
      const zkey = resolve(published, keyPaths(c.id, "groth16").zkey);
      if (!existsSync(zkey)) {
        throw new CeremonyVerificationError(
          `published, ${c.id}/groth16`,
          `${keyPaths(c.id, "groth16").zkey} is missing`,
        );
      }
      const head = join(work, chainHead(t, c.id).file);
      mkdirSync(dirname(head), { recursive: true });
      symlinkSync(zkey, head);
    }
    const report = await verifyCeremony({ dir: work, ptau: o.ptau, root: o.root, log: o.log });
    checkPublishedFiles(published, transcriptFile, t, report.transcriptHash);
    o.log(`published output OK: ${published} holds the ceremony's keys, verifiers and manifest`);
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Every published key file and the manifest are the transcript's final record, hash for hash. */
function checkPublishedFiles(published: string, transcriptFile: string, t: Transcript, transcriptSha256: string) {
  if (sha256File(transcriptFile) !== transcriptSha256) {
    throw new CeremonyVerificationError(
      "published transcript",
      "the file is not byte for byte the transcript finalize wrote (reformatted or edited): publish the original",
    );
  }
  const manifestFile = resolve(published, MANIFEST_PATH);
  if (!existsSync(manifestFile))
    throw new CeremonyVerificationError("published manifest", `${MANIFEST_PATH} is missing`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
  if (manifest.setup.ceremony?.transcript.sha256 !== transcriptSha256) {
    throw new CeremonyVerificationError(
      "published manifest",
      `setup.ceremony names transcript ${manifest.setup.ceremony?.transcript.sha256 ?? "(none)"}, the published ` +
        `transcript is ${transcriptSha256}`,
    );
  }
  const keys: { backend: Backend; record: FinalKey }[] = [
    ...(t.final?.circuits ?? []).map((record) => ({ backend: "groth16" as const, record })),
    ...(t.final?.plonk ?? []).map((record) => ({ backend: "plonk" as const, record })),
  ];
  for (const { backend, record } of keys) {
    const link = `published, ${record.id}/${backend}`;
    const entry = manifest.circuits.find((c) => c.id === record.id)?.backends.find((b) => b.backend === backend);
    if (!entry) throw new CeremonyVerificationError(link, `the published ${MANIFEST_PATH} has no such build`);
    const setupKind = entry.setup?.kind ?? manifest.setup.kind;
    if (setupKind !== "ceremony") {
      throw new CeremonyVerificationError(link, `the manifest says setup kind '${setupKind}', not 'ceremony'`);
    }
    const files: [string, string, string][] = [
      ["zkey", keyPaths(record.id, backend).zkey, record.zkey.sha256],
      ["vkey", keyPaths(record.id, backend).vkey, record.vkey.sha256],
      ["verifier", entry.verifier.path, record.verifier.sha256],
    ];
    for (const [what, path, sha256] of files) {
      const file = resolve(published, path);
      if (!existsSync(file)) throw new CeremonyVerificationError(link, `${path} is missing`);
      if (sha256File(file) !== sha256) {
        throw new CeremonyVerificationError(link, `${path} is not the ${what} the transcript's final record holds`);
      }
    }
    const inManifest: [string, string, string][] = [
      ["zkey", entry.zkey.sha256, record.zkey.sha256],
      ["vkey", entry.vkey.sha256, record.vkey.sha256],
      ["verifier", entry.verifier.sha256, record.verifier.sha256],
    ];
    for (const [what, sha256, want] of inManifest) {
      if (sha256 !== want) {
        throw new CeremonyVerificationError(link, `the manifest's ${what} sha256 is not the transcript's final record`);
      }
    }
  }
}
