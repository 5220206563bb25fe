import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FatalError, type Manifest, type ManifestCircuit, RetryableError } from "@symbiote/sdk";
import type { Address } from "viem";
import { sha256Hex } from "../manifest.ts";
import { parseServedModel, type ServedModel } from "./servedModel.ts";
import { bindPublisher, type WeightsBinding, weightsBindingOf } from "./weightsBinding.ts";

/** A blob whose content does not hash to the address it was asked for. */
export class ArtifactHashMismatchError extends FatalError {
  override name = "ArtifactHashMismatchError";
}

/** A blob or model the store does not hold and cannot fetch. */
export class ArtifactMissingError extends FatalError {
  override name = "ArtifactMissingError";
}

export type ModelStoreOptions = {
  /** Serves blobs by hash: GET <gateway>/<sha256 hex> (an HTTP server or an IPFS gateway path). */
  gateway?: string;
  fetch?: typeof fetch;
};

const HEX64 = /^[0-9a-f]{64}$/;

function commitmentKey(commitment: bigint): string {
  return commitment.toString(16).padStart(64, "0");
}

/**
 * Content-addressed local store. Circuit artifacts live at `blobs/<sha256>`; model weights at
 * `models/<weights commitment>.json`. Every read re-hashes (blobs) or re-commits (models) what it returns, so a file
 * altered on disk is refused rather than served.
 */
export class ModelStore {
  readonly dir: string;
  /** Where missing blobs are fetched from by hash, if anywhere. */
  readonly gateway: string | undefined;
  private readonly fetcher: typeof fetch;
  /**
   * Models already shown to open their commitment, by commitment and the sha256 of the file's bytes. Re-committing a
   * large tree ensemble takes most of a second (100 trees of depth 6), on the node's event loop for every request;
   * re-hashing the file takes a millisecond and still refuses a file altered since it was checked.
   */
  private readonly checkedModels = new Map<bigint, { sha256: string; served: ServedModel; binding: WeightsBinding }>();

  constructor(dir: string, options: ModelStoreOptions = {}) {
    this.dir = dir;
    this.gateway = options.gateway?.replace(/\/+$/, "");
    this.fetcher = options.fetch ?? fetch;
    mkdirSync(join(dir, "blobs"), { recursive: true });
    mkdirSync(join(dir, "models"), { recursive: true });
    mkdirSync(join(dir, "circuits"), { recursive: true });
  }

  /** Path of a blob relative to the store folder (how the prover's manifest addresses it). */
  blobPath(sha256: string): string {
    return join("blobs", sha256);
  }

  hasBlob(sha256: string): boolean {
    return existsSync(join(this.dir, this.blobPath(sha256)));
  }

  /** Stores bytes that must hash to `sha256`. */
  putBlob(sha256: string, bytes: Uint8Array, source: string): void {
    if (!HEX64.test(sha256)) throw new FatalError(`${sha256} is not a sha256 hex digest.`);
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new ArtifactHashMismatchError(
        `${source} does not hash to the expected ${sha256}; it was altered or is another build. Refusing it: fetch the artifact again or rebuild with \`npm run circuits:build\`.`,
        { details: `sha256 ${actual}` },
      );
    }
    const target = join(this.dir, this.blobPath(sha256));
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  }

  /** Reads and re-hashes a stored blob. */
  readBlob(sha256: string): Uint8Array {
    const path = join(this.dir, this.blobPath(sha256));
    if (!existsSync(path)) {
      throw new ArtifactMissingError(`the model store has no artifact ${sha256}; run \`symbiote-oracle models sync\`.`);
    }
    const bytes = readFileSync(path);
    const actual = sha256Hex(bytes);
    if (actual !== sha256) {
      throw new ArtifactHashMismatchError(
        `stored artifact ${path} was altered (its content no longer hashes to its name); delete it and run \`symbiote-oracle models sync\`.`,
        { details: `sha256 ${actual}` },
      );
    }
    return bytes;
  }

  /**
   * Re-hashes every stored blob and re-commits every stored model. The node runs this at start, so a file altered on
   * disk stops it with an error naming the file, instead of failing (and leaving to time out) every request that needs
   * that file.
   *
   * @throws {ArtifactHashMismatchError} a blob no longer hashes to its name.
   * @throws {ModelCommitmentMismatchError} a model file no longer opens the commitment it is stored under.
   */
  verifyAll(): { blobs: number; models: number } {
    const blobs = readdirSync(join(this.dir, "blobs")).filter((name) => HEX64.test(name));
    for (const sha256 of blobs) this.readBlob(sha256);
    const models = readdirSync(join(this.dir, "models")).filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
    for (const name of models) this.readModel(BigInt(`0x${name.slice(0, 64)}`));
    return { blobs: blobs.length, models: models.length };
  }

  /** Makes sure a blob is present, fetching it from the gateway if one is configured. */
  async ensureBlob(sha256: string): Promise<void> {
    if (this.hasBlob(sha256)) {
      this.readBlob(sha256);
      return;
    }
    if (!this.gateway) {
      throw new ArtifactMissingError(
        `the model store has no artifact ${sha256} and no gateway is configured; run \`symbiote-oracle models sync\` or set modelStore.gateway.`,
      );
    }
    const url = `${this.gateway}/${sha256}`;
    let response: Response;
    try {
      response = await this.fetcher(url);
    } catch (cause) {
      throw new RetryableError(`cannot reach the artifact gateway at ${url}; check modelStore.gateway.`, { cause });
    }
    if (response.status === 404) {
      throw new ArtifactMissingError(`the gateway has no artifact ${sha256} (${url} answered 404).`);
    }
    if (!response.ok) {
      throw new RetryableError(`the artifact gateway answered ${response.status} for ${url}; it will be retried.`);
    }
    this.putBlob(sha256, new Uint8Array(await response.arrayBuffer()), url);
  }

  /**
   * Stores the manifest entry of a circuit built outside circuits/manifest.json (the `manifest-entry.json` of
   * `npm run model -- compile`), once the store holds the wasm, zkey and verification key its Groth16 backend names.
   *
   * @throws {ArtifactMissingError} the entry has no Groth16 backend with a key (compiled without the setup), or one of
   *   its artifacts is not in the store.
   */
  putCircuitEntry(entry: ManifestCircuit): void {
    const backend = entry.backends.find((b) => b.backend === "groth16");
    if (!backend?.zkey.sha256 || !backend.vkey.sha256) {
      throw new ArtifactMissingError(
        `circuit ${entry.id} has no Groth16 proving key in its manifest entry (it was compiled without the setup); run its setup (docs/circuits.md) and add it again.`,
      );
    }
    for (const ref of [backend.wasm, backend.zkey, backend.vkey]) this.readBlob(ref.sha256);
    // by proving key: two compiles of one shape share an id (classifier30-public) but not a key
    const target = join(this.dir, "circuits", `${backend.zkey.sha256}.json`);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, target);
  }

  /** The manifest entries of the compiled circuits the store holds (`putCircuitEntry`). */
  circuitEntries(): ManifestCircuit[] {
    return readdirSync(join(this.dir, "circuits"))
      .filter((name) => name.endsWith(".json"))
      .map((name) => {
        const path = join(this.dir, "circuits", name);
        try {
          return JSON.parse(readFileSync(path, "utf8")) as ManifestCircuit;
        } catch (cause) {
          throw new FatalError(`${path} is not valid JSON; delete it and run \`symbiote-oracle models add\` again.`, {
            cause,
          });
        }
      });
  }

  /**
   * `manifest` with the store's compiled circuits appended: what the node resolves registry circuits against, so a
   * circuit registered from `npm run model -- compile` is proven like the built-in ones.
   */
  withCompiledCircuits(manifest: Manifest): Manifest {
    const keys = (c: ManifestCircuit) => c.backends.map((b) => b.zkey.sha256);
    const known = new Set(manifest.circuits.flatMap(keys));
    const extra = this.circuitEntries().filter((c) => !keys(c).some((k) => known.has(k)));
    return extra.length === 0 ? manifest : { ...manifest, circuits: [...manifest.circuits, ...extra] };
  }

  /**
   * Stores a model artifact after checking that its weights open `commitment`. With `publisher`, the stored copy records
   * it as the address the weights were handed over for (an operator importing files that name none, from a model
   * owner it knows); a file that names another publisher is refused.
   *
   * @throws {ModelCommitmentMismatchError} the weights do not open `commitment`.
   * @throws {PublisherMismatchError} the file was handed over for another publisher than `publisher`.
   */
  putModel(commitment: bigint, json: unknown, source: string, options: { publisher?: Address } = {}): ServedModel {
    const served = parseServedModel(json, commitment, source);
    const stored = options.publisher === undefined ? json : bindPublisher(json, options.publisher, source);
    weightsBindingOf(stored, source);
    const target = join(this.dir, "models", `${commitmentKey(commitment)}.json`);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, target);
    return served;
  }

  hasModel(commitment: bigint): boolean {
    return existsSync(join(this.dir, "models", `${commitmentKey(commitment)}.json`));
  }

  /**
   * The weights stored under the registry's commitment, re-checked against it (re-committed, or, when the file's bytes
   * are the ones this store already checked, re-hashed).
   *
   * @throws {ArtifactMissingError} nothing stored under that commitment.
   * @throws {ModelCommitmentMismatchError} the stored file does not open the commitment (altered on disk).
   */
  readModel(commitment: bigint): ServedModel {
    return this.checkedModel(commitment).served;
  }

  /**
   * Whom the weights stored under `commitment` were handed over for (see {@link WeightsBinding}), read from the same
   * re-checked file as {@link readModel}.
   *
   * @throws {ArtifactMissingError} nothing stored under that commitment.
   * @throws {ModelCommitmentMismatchError} the stored file does not open the commitment (altered on disk).
   */
  readBinding(commitment: bigint): WeightsBinding {
    return this.checkedModel(commitment).binding;
  }

  private checkedModel(commitment: bigint): { served: ServedModel; binding: WeightsBinding } {
    const path = join(this.dir, "models", `${commitmentKey(commitment)}.json`);
    if (!existsSync(path)) {
      throw new ArtifactMissingError(
        `the model store has no weights for commitment 0x${commitmentKey(commitment)}; run \`symbiote-oracle models sync --from <folder of model artifacts>\`.`,
      );
    }
    const bytes = readFileSync(path);
    const sha256 = sha256Hex(bytes);
    const checked = this.checkedModels.get(commitment);
    if (checked?.sha256 === sha256) return checked;
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch (cause) {
      throw new FatalError(`${path} is not valid JSON; delete it and run \`symbiote-oracle models sync\`.`, { cause });
    }
    const served = parseServedModel(json, commitment, path);
    const binding = weightsBindingOf(json, path);
    const entry = { sha256, served, binding };
    this.checkedModels.set(commitment, entry);
    return entry;
  }
}
