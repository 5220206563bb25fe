import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BackendArtifacts } from "../zk/manifest.ts";
import type { ModelStore } from "./modelStore.ts";

/**
 * Copies a circuit build's wasm, zkey and verification key from a local folder (the repository root where
 * `npm run circuits:build` ran) into the store, each checked against the manifest's hash. Blobs already present
 * are re-hashed, not copied. Returns how many blobs were copied.
 */
export async function importCircuitArtifacts(
  store: ModelStore,
  artifacts: BackendArtifacts,
  root: string,
  onProgress?: (message: string) => void,
): Promise<number> {
  let copied = 0;
  for (const ref of [artifacts.wasm, artifacts.zkey, artifacts.vkey]) {
    if (store.hasBlob(ref.sha256)) {
      store.readBlob(ref.sha256);
      continue;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = readFileSync(resolve(root, ref.path));
    } catch {
      // not built here: the gateway may have it
    }
    if (bytes) {
      onProgress?.(`copying ${ref.path} (${(ref.bytes / 1e6).toFixed(1)} MB)`);
      store.putBlob(ref.sha256, bytes, resolve(root, ref.path));
    } else {
      onProgress?.(`fetching ${ref.sha256} from the gateway`);
      await store.ensureBlob(ref.sha256);
    }
    copied++;
  }
  return copied;
}
