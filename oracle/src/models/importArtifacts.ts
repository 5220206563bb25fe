import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BackendArtifacts } from "@symbiote/circuits";
import { ArtifactMissingError, type ModelStore } from "@symbiote/circuits";

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
      try {
        await store.ensureBlob(ref.sha256);
      } catch (error) {
        if (!(error instanceof ArtifactMissingError)) throw error;
        // the store's own message says "run models sync", which is what is running: say where it looked instead
        throw new ArtifactMissingError(
          `circuit artifact ${ref.path} is neither under ${root} nor available from a gateway; build the circuits there (\`npm run circuits:build\`), pass --artifacts <folder holding circuits/build>, or set modelStore.gateway to a server holding it by hash.`,
          { cause: error },
        );
      }
    }
    copied++;
  }
  return copied;
}
