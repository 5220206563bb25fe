import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ArtifactRef, Backend, BackendArtifacts, Manifest, ManifestCircuit } from "@symbiote/sdk";
import { FatalError } from "@symbiote/sdk";

export type { ArtifactRef, Backend, BackendArtifacts, CeremonySummary, Manifest, ManifestCircuit } from "@symbiote/sdk";

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
