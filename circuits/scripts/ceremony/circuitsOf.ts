import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Manifest, ManifestCircuit } from "../../../oracle/src/zk/manifest.ts";
import { CeremonyError } from "./errors.ts";
import { sha256File } from "./hash.ts";

/** A manifest circuit the ceremony can set up: it has a Groth16 build with a committed r1cs. */
export type CeremonyCircuit = {
  id: string;
  r1cs: { path: string; sha256: string; absolute: string };
  constraints: number;
  nPublic: number;
  verifierContract: string;
};

function groth16Of(circuit: ManifestCircuit) {
  return circuit.backends.find((b) => b.backend === "groth16");
}

/**
 * The circuits `ids` names (every manifest circuit with a Groth16 build when empty), each with its committed r1cs,
 * which must be on disk with the manifest's hash: the ceremony's keys are for exactly the circuits the manifest
 * describes.
 */
export function ceremonyCircuits(manifest: Manifest, ids: readonly string[], root: string): CeremonyCircuit[] {
  const eligible = manifest.circuits.filter((c) => groth16Of(c)?.r1cs);
  const chosen =
    ids.length === 0
      ? eligible
      : ids.map((id) => {
          const found = eligible.find((c) => c.id === id);
          if (!found) {
            throw new CeremonyError(
              `circuit ${id} has no Groth16 build with a committed r1cs in circuits/manifest.json; ` +
                `pick among ${eligible.map((c) => c.id).join(", ")} (compile a new one with npm run circuits:build).`,
            );
          }
          return found;
        });
  return chosen.map((c) => {
    const g = groth16Of(c);
    if (!g?.r1cs) throw new CeremonyError(`circuit ${c.id} has no r1cs`);
    const absolute = resolve(root, g.r1cs.path);
    if (!existsSync(absolute)) {
      throw new CeremonyError(`${g.r1cs.path} is missing; restore it from git or run npm run circuits:build.`);
    }
    const sha256 = sha256File(absolute);
    if (sha256 !== g.r1cs.sha256) {
      throw new CeremonyError(
        `${g.r1cs.path} does not match its sha256 in circuits/manifest.json; restore it or rebuild the circuit.`,
      );
    }
    return {
      id: c.id,
      r1cs: { path: g.r1cs.path, sha256, absolute },
      constraints: g.constraints,
      nPublic: c.publicSignals.length,
      verifierContract: g.verifier.contract,
    };
  });
}
