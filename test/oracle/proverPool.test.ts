import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testModel } from "@symbiote/devnet";
import { computeBinding, packFeatures, resolveCircuit } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import { findBackend, findCircuit, loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { ModelStore } from "../../circuits/src/models/modelStore.ts";
import { importCircuitArtifacts } from "../../oracle/src/models/importArtifacts.ts";
import { ProverPool, ProvingFailedError } from "../../oracle/src/prover/proverPool.ts";

const manifest = loadManifest();
let dir: string;
let store: ModelStore;
let pool: ProverPool;

function resolved(id: string) {
  const a = findBackend(findCircuit(manifest, id), "groth16");
  return resolveCircuit(manifest, {
    circuitId: 1,
    proofSystem: 0,
    wasmHash: `0x${a.wasm.sha256}`,
    zkeyHash: `0x${a.zkey.sha256}`,
    vkeyHash: `0x${a.vkey.sha256}`,
    inputMode: 0,
    outputWords: 4,
    inputWords: 2,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-prover-"));
  store = new ModelStore(dir);
  for (const id of ["classifier16-public", "classifier16-committed"]) {
    await importCircuitArtifacts(store, findBackend(findCircuit(manifest, id), "groth16"), REPO_ROOT);
  }
  pool = new ProverPool(2);
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const binding = (requestId: bigint) =>
  computeBinding({
    chainId: 31337n,
    coordinator: "0x00000000000000000000000000000000C0DE0001",
    requestId,
    operator: "0x00000000000000000000000000000000A11ce001",
  });

describe("ProverPool", () => {
  it("proves public and committed requests in prover processes while the event loop keeps ticking", async () => {
    const m = testModel("pool/classifier", "classifier");
    store.putModel(m.commitment, m.artifact, "test");
    const served = store.readModel(m.commitment);
    const inputSalt = 777n;

    let maxGap = 0;
    const startedAt = performance.now();
    let last = startedAt;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 10);
    const tasks = [1n, 2n, 3n, 4n].map((requestId) => {
      const committed = requestId % 2n === 0n;
      return pool.prove({
        requestId,
        storeDir: store.dir,
        circuit: resolved(committed ? "classifier16-committed" : "classifier16-public"),
        served,
        inputs: m.inputs,
        context: committed ? { binding: binding(requestId), inputSalt } : { binding: binding(requestId) },
      });
    });
    const results = await Promise.all(tasks);
    const elapsed = performance.now() - startedAt;
    clearInterval(ticker);

    const outputs = inferClassifier(m.model as ClassifierModel, m.inputs).explanationWords.map(String);
    for (const [i, result] of results.entries()) {
      const requestId = BigInt(i + 1);
      const committed = requestId % 2n === 0n;
      const inputWords = committed
        ? [computeInputCommitment("classifier", m.inputs, inputSalt)]
        : packFeatures(m.inputs);
      expect(result.publicSignals).toEqual([
        ...outputs,
        ...inputWords.map(String),
        String(m.commitment),
        String(binding(requestId)),
      ]);
      // abi.encodePacked of the 8 Groth16 words
      expect(result.proof).toMatch(/^0x[0-9a-f]{512}$/);
    }
    // proving ran off the main thread: no pause anywhere near a proof's duration (four proofs on the main thread
    // would stall it for at least a quarter of the run each; a loaded machine stretches both sides alike)
    expect(maxGap).toBeLessThan(Math.max(250, elapsed / 8));
  });

  it("rejects an input the circuit cannot take as a fatal proving error and keeps serving", async () => {
    const m = testModel("pool/classifier", "classifier");
    const served = store.readModel(m.commitment);
    const base = { storeDir: store.dir, circuit: resolved("classifier16-public"), served };
    const tooLarge = [...m.inputs];
    tooLarge[0] = 1n << 40n;
    await expect(
      pool.prove({ ...base, requestId: 9n, inputs: tooLarge, context: { binding: binding(9n) } }),
    ).rejects.toThrow(ProvingFailedError);
    const ok = await pool.prove({ ...base, requestId: 10n, inputs: m.inputs, context: { binding: binding(10n) } });
    expect(ok.publicSignals.at(-1)).toBe(String(binding(10n)));
  });
});
