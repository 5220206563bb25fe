import type { CircuitShape, PublicSignal } from "../codecs/layout.ts";
import type { InputMode } from "../codecs/request.ts";

/**
 * The circuit manifest's shape (circuits/manifest.json, written by `npm run circuits:build` and the ceremony): which
 * circuits exist, their public-signal layouts and the hashes of every artifact. Types only, so browsers and
 * integrators read a manifest without the build's node code.
 */

export type Backend = "groth16" | "plonk";

/**
 * A file the build produced, with its content hash. Paths are relative to the repository root; an artifact with
 * `committed: false` is too large for the repository and exists only where circuits:build ran (circuits/.work/).
 */
export type ArtifactRef = { path: string; sha256: string; bytes: number; committed?: boolean };

export type BackendArtifacts = {
  backend: Backend;
  /** circom simplification level the r1cs and wasm were compiled with. */
  optimization: "O1" | "O2";
  /** R1CS constraints (for PLONK, also the number of PLONK gates). */
  constraints: number;
  plonkGates?: number;
  /**
   * The compiled constraint system, committed: the soundness tests check forged witnesses against a Groth16 build's,
   * and the ceremony makes every key from it (a Groth16 phase 2, or `plonk setup` on the ceremony's ptau).
   */
  r1cs?: ArtifactRef;
  wasm: ArtifactRef;
  vkey: ArtifactRef;
  zkey: ArtifactRef;
  verifier: { contract: string; path: string; sha256: string };
  fixture: ArtifactRef;
  /**
   * Where this backend's keys come from when it differs from the manifest-wide `setup` (a ceremony that covered only
   * some backends: the others keep their dev keys).
   */
  setup?: { kind: string; transcriptSha256?: string };
};

/** What `npm run ceremony -- finalize` records about the ceremony behind the keys (docs/circuits.md). */
export type CeremonySummary = {
  /** The published transcript (repository path) and its sha256. */
  transcript: { path: string; sha256: string };
  /** Participants in order, "name (address)". */
  participants: string[];
  ptau: { file: string; blake2b: string; known: boolean };
  /** The beacon that closed the phase 2; null for a ceremony of PLONK keys only (no phase 2). */
  beacon: { source: string; value: string; iterationsExp: number } | null;
  /** The circuits whose Groth16 keys the ceremony made. */
  circuits: string[];
  /**
   * The circuits whose PLONK keys finalize derived from the ceremony's ptau (`plonk setup`: no phase 2, so their
   * soundness rests on the ptau alone, not on the participants).
   */
  plonk?: string[];
};

export type ManifestCircuit = {
  id: string;
  shape: CircuitShape;
  inputMode: InputMode;
  entry: string;
  /** sha256 over the entry file, every file it includes and the compiler version: see circuits:check. */
  sourceHash: string;
  publicSignals: PublicSignal[];
  backends: BackendArtifacts[];
};

export type Manifest = {
  version: 1;
  /**
   * The trusted setup behind the zkeys: "dev" as circuits:build writes it, "ceremony" once a multi-party ceremony's
   * keys replaced them. Anything but "ceremony" is not fit for production (docs/security.md); the deploy refuses it
   * on a non-local chain.
   */
  setup: { kind: string; ptauPower: number; note: string; ceremony?: CeremonySummary };
  fracBits: number;
  fieldModulus: string;
  publicSignalOrder: string;
  compiler: string;
  circuits: ManifestCircuit[];
};
