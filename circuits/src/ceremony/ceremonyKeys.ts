import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { zKey } from "snarkjs";
import {
  inferenceVerifierOptions,
  plonkSetup,
  renderVerifier,
  type VerificationKey,
  type VerifierOptions,
} from "../build/setup.ts";
import type { Backend, BackendArtifacts, Manifest, ManifestCircuit } from "../manifest.ts";
import { ceremonyId } from "./attestation.ts";
import { CeremonyError } from "./errors.ts";
import { blake2bFile, sha256File, sha256Text } from "./hash.ts";
import { type FinalKey, readTranscript, type TranscriptPlonk, transcriptHash } from "./transcript.ts";

/** Where finalize publishes the transcript, relative to the output root. */
export const PUBLISHED_TRANSCRIPT = "circuits/ceremony/transcript.json";

/** Where finalize writes a build's zkey and vkey, relative to the output root (the artifactBaseURI layout). */
export const keyPaths = (id: string, backend: Backend) => ({
  zkey: `circuits/build/${id}/${backend}/circuit.zkey`,
  vkey: `circuits/build/${id}/${backend}/vkey.json`,
});

/** vkey.json as circuits:build and finalize write it: the hash the manifest, the transcript and the registry hold. */
export function vkeyText(vkey: unknown): string {
  return `${JSON.stringify(vkey, null, 2)}\n`;
}

/**
 * A ceremony keys the manifest's circuits, all of them inference circuits (the fairness audits' keys come from their
 * own dev setup, outside the manifest): their verifiers get the weights-base entry points.
 */
const CEREMONY_VERIFIER: VerifierOptions = { inference: true };

/**
 * The verifier's header says which setup its key comes from (the generated one says "DEV"): the ceremony, named by
 * its id (ptau and initial zkeys), since the transcript records the verifier's hash in turn. A PLONK key has no
 * phase 2: it derives from the ceremony's Powers of Tau alone, and its header says so.
 */
export function ceremonyVerifier(
  backend: Backend,
  vkey: VerificationKey,
  contract: string,
  circuit: string,
  ceremony: string,
  options: VerifierOptions = CEREMONY_VERIFIER,
): string {
  const source = renderVerifier(backend, vkey, contract, circuit, options);
  const label =
    backend === "plonk"
      ? `from the Powers of Tau of the trusted-setup ceremony ${ceremony} (${PUBLISHED_TRANSCRIPT})`
      : `from the trusted-setup ceremony ${ceremony} (${PUBLISHED_TRANSCRIPT})`;
  const relabelled = source
    .replace("from a DEV trusted setup", label)
    .replace("(npm run circuits:build)", "(npm run ceremony -- finalize)");
  if (relabelled !== source) return relabelled;
  const [first, ...rest] = source.split("\n");
  return [first, `// Key ${label}.`, ...rest].join("\n");
}

/**
 * The verifier source a manifest build holds: the dev header, or, for a key from the ceremony, the header naming the
 * ceremony, whose id comes from the published transcript the manifest names (circuits:verifiers re-renders every
 * verifier with this, so that a ceremony's verifier never goes back to saying DEV).
 */
export function manifestVerifier(
  manifest: Manifest,
  circuit: ManifestCircuit,
  b: BackendArtifacts,
  vkey: VerificationKey,
  root: string,
): string {
  const ceremony = manifest.setup.ceremony;
  const options = inferenceVerifierOptions(circuit.id, circuit.publicSignals);
  if ((b.setup?.kind ?? manifest.setup.kind) !== "ceremony" || !ceremony) {
    return renderVerifier(b.backend, vkey, b.verifier.contract, circuit.id, options);
  }
  const transcript = readTranscript(dirname(resolve(root, ceremony.transcript.path)));
  if (transcriptHash(transcript) !== ceremony.transcript.sha256) {
    throw new CeremonyError(
      `${ceremony.transcript.path} is not the transcript circuits/manifest.json names; restore the published one.`,
    );
  }
  return ceremonyVerifier(b.backend, vkey, b.verifier.contract, circuit.id, ceremonyId(transcript), options);
}

/** A key with what finalize publishes of it and what the transcript records. */
export type DerivedKey = { record: FinalKey; vkey: string; verifier: string; zkeyBytes: number };

/** The final record, vkey.json and verifier of the zkey at `zkey`. */
export async function describeKey(
  backend: Backend,
  zkey: string,
  id: string,
  contract: string,
  ceremony: string,
): Promise<DerivedKey> {
  const vkey = (await zKey.exportVerificationKey(zkey)) as VerificationKey;
  const verifier = ceremonyVerifier(backend, vkey, contract, id, ceremony);
  const vkeyJson = vkeyText(vkey);
  return {
    record: {
      id,
      zkey: { blake2b: blake2bFile(zkey), sha256: sha256File(zkey) },
      vkey: { sha256: sha256Text(vkeyJson) },
      verifier: { contract, sha256: sha256Text(verifier) },
    },
    vkey: vkeyJson,
    verifier,
    zkeyBytes: statSync(zkey).size,
  };
}

/**
 * Derives a PLONK build's key from the ceremony's ptau into `zkey` (snarkjs `plonk setup`, deterministic), with its
 * vkey and verifier: what finalize publishes and what verify re-derives to compare.
 */
export async function derivePlonkKey(
  p: TranscriptPlonk,
  root: string,
  ptau: string,
  zkey: string,
  ceremony: string,
): Promise<DerivedKey> {
  await plonkSetup(resolve(root, p.r1cs.path), ptau, zkey);
  return describeKey("plonk", zkey, p.id, p.verifierContract, ceremony);
}
