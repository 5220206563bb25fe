import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { publicSignalLayout } from "@symbiote/sdk";
import { loadManifest, type Manifest, sha256Hex } from "../manifest.ts";
import { CIRCUITS } from "./circuits.ts";
import { REPO_ROOT, sourceHash } from "./sourceHash.ts";

function hashMatches(path: string, sha256: string): string | undefined {
  const file = resolve(REPO_ROOT, path);
  if (!existsSync(file)) return `${path} is missing`;
  const actual = sha256Hex(readFileSync(file));
  return actual === sha256
    ? undefined
    : `${path} does not match the manifest (sha256 ${actual.slice(0, 12)}…, recorded ${sha256.slice(0, 12)}…)`;
}

/**
 * Every way the circuits, their artifacts and the manifest can have drifted apart, as readable problems
 * (empty when all is consistent). Pure: reads files, runs no compiler and no setup.
 */
export function checkCircuits(manifest: Manifest = loadManifest()): string[] {
  const problems: string[] = [];
  for (const spec of CIRCUITS) {
    const entry = manifest.circuits.find((c) => c.id === spec.id);
    if (!entry) {
      problems.push(`${spec.id} has no manifest entry`);
      continue;
    }
    if (entry.sourceHash !== sourceHash(spec.entry))
      problems.push(`${spec.id}: sources changed since its artifacts were built`);
    if (JSON.stringify(entry.publicSignals) !== JSON.stringify(publicSignalLayout(spec.shape, spec.inputMode))) {
      problems.push(`${spec.id}: the manifest's public-signal layout differs from sdk/src/codecs/layout.ts`);
    }
    const backends = entry.backends.map((b) => b.backend).sort();
    if (JSON.stringify(backends) !== JSON.stringify([...spec.backends].sort())) {
      problems.push(
        `${spec.id}: built backends ${backends.join(",")} differ from circuits.ts (${spec.backends.join(",")})`,
      );
    }
    for (const b of entry.backends) {
      const artifacts = [b.wasm, b.vkey, b.fixture, b.zkey, ...(b.r1cs ? [b.r1cs] : [])].filter(
        (a) => a.committed !== false,
      );
      for (const artifact of artifacts) {
        const problem = hashMatches(artifact.path, artifact.sha256);
        if (problem) problems.push(`${spec.id} [${b.backend}]: ${problem}`);
      }
      const verifier = hashMatches(b.verifier.path, b.verifier.sha256);
      if (verifier) problems.push(`${spec.id} [${b.backend}]: ${verifier}`);
    }
  }
  for (const entry of manifest.circuits) {
    if (!CIRCUITS.some((c) => c.id === entry.id))
      problems.push(`${entry.id} is in the manifest but not in circuits/src/build/circuits.ts`);
  }
  for (const file of readdirSync(resolve(REPO_ROOT, "circuits/models"))) {
    if (file.endsWith(".circom") && !CIRCUITS.some((c) => c.entry === `circuits/models/${file}`)) {
      problems.push(`circuits/models/${file} is not listed in circuits/src/build/circuits.ts`);
    }
  }
  return problems;
}
