import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { ArtifactRef, Manifest, ModelStore } from "@symbiote/circuits";
import { FatalError, type RegistryCircuit, RetryableError, resolveCircuit } from "@symbiote/sdk";
import { importCircuitArtifacts } from "./importArtifacts.ts";

/** A registry circuit whose artifacts the store now holds. */
export type SyncedCircuit = { circuitId: number; manifestId: string; backend: string; copied: number };

/** A registry circuit the store cannot hold from here, and why: it blocks nothing, its versions stay undeclared. */
export type SkippedCircuit = { circuitId: number; label: string; reason: string };

export type CircuitSyncResult = { synced: SyncedCircuit[]; skipped: SkippedCircuit[] };

/** Why a circuit's artifacts cannot come from `root`, naming each absent file and whether the repository has it. */
function absentReason(absent: readonly ArtifactRef[], root: string): string {
  const uncommitted = absent.filter((ref) => ref.committed === false);
  const files = absent.map((ref) => ref.path).join(", ");
  if (uncommitted.length === absent.length) {
    return `${files} ${absent.length === 1 ? "is" : "are"} not committed to the repository (too large; see "Not committed" in docs/circuits.md) and not under ${root}; build ${absent.length === 1 ? "it" : "them"} with \`npm run circuits:build\`, or set modelStore.gateway to a server holding ${absent.length === 1 ? "it" : "them"} by hash`;
  }
  return `${files} not under ${root}; build the circuits there (\`npm run circuits:build\`), pass --artifacts <folder holding circuits/build>, or set modelStore.gateway to a server holding them by hash`;
}

/**
 * Puts into the store the wasm, zkey and verification key of every active registry circuit it can: from `root` (the
 * repository where the circuits were built), else from the store's gateway, each checked against the registry's and
 * the manifest's hashes. A circuit whose artifacts are neither here nor at the gateway (a fresh clone lacks the PLONK
 * zkeys, which are not committed), or that the manifest does not know, is skipped with the reason rather than
 * stopping the others: the versions served on it are then simply not provable, and so not declared.
 *
 * @throws {RetryableError} the gateway is unreachable (trying later may fetch what is missing).
 */
export async function syncCircuitArtifacts(
  store: ModelStore,
  manifest: Manifest,
  circuits: readonly (RegistryCircuit & { active: boolean })[],
  root: string,
  onProgress: (message: string) => void = () => {},
): Promise<CircuitSyncResult> {
  const result: CircuitSyncResult = { synced: [], skipped: [] };
  for (const circuit of circuits) {
    if (!circuit.active) continue;
    let resolved: ReturnType<typeof resolveCircuit>;
    try {
      resolved = resolveCircuit(manifest, circuit);
    } catch (error) {
      if (!(error instanceof FatalError)) throw error;
      result.skipped.push({
        circuitId: circuit.circuitId,
        label: `circuit ${circuit.circuitId}`,
        reason: error.shortMessage,
      });
      continue;
    }
    const label = `circuit ${circuit.circuitId} (${resolved.manifestId}, ${resolved.backend})`;
    const { wasm, zkey, vkey } = resolved.artifacts;
    const absent = [wasm, zkey, vkey].filter(
      (ref) => !store.hasBlob(ref.sha256) && !existsSync(resolve(root, ref.path)),
    );
    if (absent.length > 0 && store.gateway === undefined) {
      result.skipped.push({ circuitId: circuit.circuitId, label, reason: absentReason(absent, root) });
      continue;
    }
    try {
      const copied = await importCircuitArtifacts(store, resolved.artifacts, root, onProgress);
      result.synced.push({
        circuitId: circuit.circuitId,
        manifestId: resolved.manifestId,
        backend: resolved.backend,
        copied,
      });
    } catch (error) {
      // an unreachable gateway may answer later: that is worth stopping for; a missing or altered file is not
      if (error instanceof RetryableError || !(error instanceof FatalError)) throw error;
      result.skipped.push({ circuitId: circuit.circuitId, label, reason: error.shortMessage });
    }
  }
  return result;
}
