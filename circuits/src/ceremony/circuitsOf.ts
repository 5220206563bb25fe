import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Backend, BackendArtifacts, Manifest, ManifestCircuit } from "../manifest.ts";
import { CeremonyError } from "./errors.ts";
import { sha256File } from "./hash.ts";

/** A committed r1cs, checked against the manifest's hash. */
type CheckedR1cs = { path: string; sha256: string; absolute: string };

/** A manifest circuit's Groth16 build: the ceremony runs its phase 2 on the committed r1cs. */
export type CeremonyCircuit = {
  id: string;
  r1cs: CheckedR1cs;
  constraints: number;
  nPublic: number;
  verifierContract: string;
};

/** A manifest circuit's PLONK build: `finalize` derives its key from the committed r1cs and the ceremony's ptau. */
export type PlonkCircuit = {
  id: string;
  r1cs: CheckedR1cs;
  /** PLONK gates as the build counted them (the manifest's plonkGates), when recorded. */
  gates?: number;
  verifierContract: string;
};

/** What a ceremony covers: the Groth16 builds it runs a phase 2 for, the PLONK builds whose keys it derives. */
export type CeremonySelection = { groth16: CeremonyCircuit[]; plonk: PlonkCircuit[] };

const BACKENDS: readonly Backend[] = ["groth16", "plonk"];

function backendOf(circuit: ManifestCircuit, backend: Backend): BackendArtifacts | undefined {
  return circuit.backends.find((b) => b.backend === backend);
}

/** The power of two the PLONK domain of `gates` gates needs (snarkjs plonk setup: at least 2^3). */
export function plonkPower(gates: number): number {
  return Math.max(3, (gates - 1).toString(2).length);
}

/**
 * The builds `selectors` name, each `<id>` (every backend the circuit has), `<id>/groth16` or `<id>/plonk`; with no
 * selector, every build of the manifest. Each must have its committed r1cs on disk with the manifest's hash: the
 * ceremony's keys are for exactly the circuits the manifest describes.
 */
export function ceremonySelection(manifest: Manifest, selectors: readonly string[], root: string): CeremonySelection {
  const wanted = new Set<string>();
  const every = (c: ManifestCircuit) => c.backends.map((b) => `${c.id}/${b.backend}`);
  if (selectors.length === 0) for (const c of manifest.circuits) for (const key of every(c)) wanted.add(key);
  for (const selector of selectors) {
    const [id = "", backend, ...rest] = selector.split("/");
    const circuit = manifest.circuits.find((c) => c.id === id);
    if (!circuit || rest.length > 0) {
      throw new CeremonyError(
        `--circuit ${selector}: not a circuit of circuits/manifest.json; use <id>, <id>/groth16 or <id>/plonk ` +
          `with an id among ${manifest.circuits.map((c) => c.id).join(", ")}.`,
      );
    }
    if (backend === undefined) {
      for (const key of every(circuit)) wanted.add(key);
      continue;
    }
    if (!BACKENDS.includes(backend as Backend) || !backendOf(circuit, backend as Backend)) {
      throw new CeremonyError(
        `--circuit ${selector}: ${id} has no ${backend} build; it has ${circuit.backends.map((b) => b.backend).join(", ")}.`,
      );
    }
    wanted.add(selector);
  }
  const chosen = (backend: Backend) =>
    manifest.circuits.filter((c) => wanted.has(`${c.id}/${backend}`)).map((c) => ({ circuit: c, backend }));
  return {
    groth16: chosen("groth16").map(({ circuit, backend }) => {
      const b = backendOf(circuit, backend) as BackendArtifacts;
      return {
        id: circuit.id,
        r1cs: committedR1cs(circuit.id, b, root),
        constraints: b.constraints,
        nPublic: circuit.publicSignals.length,
        verifierContract: b.verifier.contract,
      };
    }),
    plonk: chosen("plonk").map(({ circuit, backend }) => {
      const b = backendOf(circuit, backend) as BackendArtifacts;
      return {
        id: circuit.id,
        r1cs: committedR1cs(circuit.id, b, root),
        ...(b.plonkGates === undefined ? {} : { gates: b.plonkGates }),
        verifierContract: b.verifier.contract,
      };
    }),
  };
}

function committedR1cs(id: string, b: BackendArtifacts, root: string): CheckedR1cs {
  if (!b.r1cs) {
    throw new CeremonyError(
      `${id}/${b.backend} has no committed r1cs in circuits/manifest.json; rebuild it with npm run circuits:build.`,
    );
  }
  const absolute = resolve(root, b.r1cs.path);
  if (!existsSync(absolute)) {
    throw new CeremonyError(`${b.r1cs.path} is missing; restore it from git or run npm run circuits:build.`);
  }
  const sha256 = sha256File(absolute);
  if (sha256 !== b.r1cs.sha256) {
    throw new CeremonyError(
      `${b.r1cs.path} does not match its sha256 in circuits/manifest.json; restore it or rebuild the circuit.`,
    );
  }
  return { path: b.r1cs.path, sha256, absolute };
}
