import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CircuitShape, InputMode, PublicSignal } from "@symbiote/sdk";
import { FatalError } from "@symbiote/sdk";

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

export const MANIFEST_PATH = "circuits/manifest.json";

/** Repository root (this file lives in circuits/src/). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads circuits/manifest.json. */
export function loadManifest(root: string = REPO_ROOT): Manifest {
  try {
    return JSON.parse(readFileSync(resolve(root, MANIFEST_PATH), "utf8")) as Manifest;
  } catch (error) {
    throw new FatalError(`cannot read ${MANIFEST_PATH}; run \`npm run circuits:build\` to produce it.`, {
      cause: error,
    });
  }
}

export function findCircuit(manifest: Manifest, id: string): ManifestCircuit {
  const circuit = manifest.circuits.find((c) => c.id === id);
  if (!circuit) {
    throw new FatalError(
      `circuit ${id} is not in ${MANIFEST_PATH}; known: ${manifest.circuits.map((c) => c.id).join(", ")}.`,
    );
  }
  return circuit;
}

export function findBackend(circuit: ManifestCircuit, backend: Backend): BackendArtifacts {
  const found = circuit.backends.find((b) => b.backend === backend);
  if (!found)
    throw new FatalError(
      `circuit ${circuit.id} has no ${backend} build; pick one of ${circuit.backends.map((b) => b.backend).join(", ")}.`,
    );
  return found;
}

/** Reads an artifact and refuses it when its content is not the one the manifest recorded. */
export function readArtifact(ref: ArtifactRef, root: string = REPO_ROOT): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(root, ref.path));
  } catch (error) {
    throw new FatalError(
      `artifact ${ref.path} is missing; run \`npm run circuits:build\` (large zkeys are not committed).`,
      {
        cause: error,
      },
    );
  }
  const digest = sha256Hex(bytes);
  if (digest !== ref.sha256) {
    throw new FatalError(`artifact ${ref.path} does not match the manifest; rebuild with \`npm run circuits:build\`.`, {
      details: `sha256 ${digest}, manifest ${ref.sha256}`,
    });
  }
  return bytes;
}
