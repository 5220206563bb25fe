import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testModel } from "@symbiote/devnet";
import { resolveCircuit, UnknownCircuitArtifactsError } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBackend, findCircuit, loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { ArtifactHashMismatchError, ArtifactMissingError, ModelStore } from "../../circuits/src/models/modelStore.ts";
import { ModelCommitmentMismatchError } from "../../circuits/src/models/servedModel.ts";
import { importCircuitArtifacts } from "../../oracle/src/models/importArtifacts.ts";

const manifest = loadManifest();
const classifier = findBackend(findCircuit(manifest, "classifier16-public"), "groth16");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-store-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const hex = (sha: string) => `0x${sha}` as const;
const registryCircuit = (over: Partial<Record<"wasmHash" | "zkeyHash" | "vkeyHash", `0x${string}`>> = {}) => ({
  circuitId: 1,
  proofSystem: 0,
  wasmHash: hex(classifier.wasm.sha256),
  zkeyHash: hex(classifier.zkey.sha256),
  vkeyHash: hex(classifier.vkey.sha256),
  inputMode: 0,
  outputWords: 4,
  inputWords: 2,
  ...over,
});

describe("ModelStore", () => {
  it("imports a circuit build and serves each blob re-hashed", async () => {
    const store = new ModelStore(join(dir, "a"));
    expect(await importCircuitArtifacts(store, classifier, REPO_ROOT)).toBe(3);
    expect(store.readBlob(classifier.zkey.sha256).byteLength).toBe(classifier.zkey.bytes);
    // a second import only re-checks
    expect(await importCircuitArtifacts(store, classifier, REPO_ROOT)).toBe(0);
  });

  it("refuses a circuit artifact altered on disk", async () => {
    const store = new ModelStore(join(dir, "b"));
    await importCircuitArtifacts(store, classifier, REPO_ROOT);
    const path = join(store.dir, store.blobPath(classifier.vkey.sha256));
    const bytes = readFileSync(path);
    bytes[10] = (bytes[10] as number) ^ 1;
    writeFileSync(path, bytes);
    expect(() => store.readBlob(classifier.vkey.sha256)).toThrow(ArtifactHashMismatchError);
    expect(() => store.readBlob(classifier.vkey.sha256)).toThrow(/models sync/);
    await expect(importCircuitArtifacts(store, classifier, REPO_ROOT)).rejects.toThrow(ArtifactHashMismatchError);
  });

  it("refuses bytes that do not hash to the address they are stored under", () => {
    const store = new ModelStore(join(dir, "c"));
    expect(() => store.putBlob(classifier.wasm.sha256, new Uint8Array([1, 2, 3]), "upload")).toThrow(
      ArtifactHashMismatchError,
    );
    expect(store.hasBlob(classifier.wasm.sha256)).toBe(false);
  });

  it("fetches a missing blob from the gateway by hash and refuses a gateway that serves other bytes", async () => {
    const wasm = readFileSync(join(REPO_ROOT, classifier.wasm.path));
    const honest = new ModelStore(join(dir, "d"), {
      gateway: "http://gateway.test/ipfs/",
      fetch: async (url) =>
        String(url).endsWith(classifier.wasm.sha256) ? new Response(wasm) : new Response("", { status: 404 }),
    });
    await honest.ensureBlob(classifier.wasm.sha256);
    expect(honest.hasBlob(classifier.wasm.sha256)).toBe(true);
    await expect(honest.ensureBlob(classifier.zkey.sha256)).rejects.toThrow(ArtifactMissingError);
    const lying = new ModelStore(join(dir, "e"), {
      gateway: "http://gateway.test",
      fetch: async () => new Response(new Uint8Array([9, 9, 9])),
    });
    await expect(lying.ensureBlob(classifier.wasm.sha256)).rejects.toThrow(ArtifactHashMismatchError);
  });

  it("serves model weights only when they open the registry's commitment", () => {
    const store = new ModelStore(join(dir, "f"));
    const model = testModel("store/classifier", "classifier");
    store.putModel(model.commitment, model.artifact, "artifact.json");
    expect(store.readModel(model.commitment).weightsSalt).toBe(model.weightsSalt);
    // another version's commitment: refused
    expect(() => store.putModel(model.commitment + 1n, model.artifact, "artifact.json")).toThrow(
      ModelCommitmentMismatchError,
    );
    // a weight changed on disk: refused
    const path = join(store.dir, "models", `${model.commitment.toString(16).padStart(64, "0")}.json`);
    const json = JSON.parse(readFileSync(path, "utf8"));
    json.quantized.weights[0] = String(BigInt(json.quantized.weights[0]) + 1n);
    writeFileSync(path, JSON.stringify(json));
    expect(() => store.readModel(model.commitment)).toThrow(/do not open the registry's commitment/);
    expect(() => store.readModel(12345n)).toThrow(ArtifactMissingError);
  });

  it("matches a registry circuit to its manifest build and refuses a partial match", () => {
    const resolved = resolveCircuit(manifest, registryCircuit());
    expect(resolved.manifestId).toBe("classifier16-public");
    expect(resolved.backend).toBe("groth16");
    expect(() => resolveCircuit(manifest, registryCircuit({ zkeyHash: hex("ab".repeat(32)) }))).toThrow(
      /shares some but not all/,
    );
    expect(() =>
      resolveCircuit(
        manifest,
        registryCircuit({
          wasmHash: hex("01".repeat(32)),
          zkeyHash: hex("02".repeat(32)),
          vkeyHash: hex("03".repeat(32)),
        }),
      ),
    ).toThrow(UnknownCircuitArtifactsError);
  });
});
