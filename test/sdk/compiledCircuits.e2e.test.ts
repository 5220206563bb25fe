/**
 * Compiled circuits on a real registry: the registration calldata `npm run model -- compile` writes for a tree
 * ensemble and for a three-layer dense network, executed by the timelock on anvil (the protocol deployed by the
 * project's deploy script), registers each in its family with its full shape; the SDK then reads the circuit back from
 * the chain, picks its manifest entry by verification key hash and decodes outputs the compiler's witness builders
 * produce. The proofs of these circuits are compiler/test's (treeCompile, denseCircuit); here the registry only needs a
 * verifier with code, so both records name the deployment's classifier verifier.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  compileTreeEnsemble,
  decodeTreeSignals,
  denseCircuitCall,
  denseSignalLayout,
  type GeneratedManifestCircuit,
  importOnnx,
  registrationProposal,
  treeManifestEntry,
} from "@symbiote/compiler";
import { type Anvil, deployProtocol, removeDeployment, rpc, startAnvil } from "@symbiote/devnet";
import {
  type CircuitEntry,
  CircuitFamily,
  type Deployment,
  decodeOutputs,
  EncodingError,
  modelRegistryAbi,
  parseDeployment,
} from "@symbiote/sdk";
import { type Address, createPublicClient, type Hex, http, parseEther, toHex } from "viem";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { readFixture, readHeldOut } from "../../compiler/test/fixtures.ts";
import { rng } from "../../compiler/test/treeHelpers.ts";

let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let timelock: Address;
const client = () => createPublicClient({ chain: foundry, transport: http(anvil.url) });

/** A Groth16 backend record: the registry stores these hashes; the decoder matches the vkey hash. */
function backend(tag: string) {
  const hash = (part: string) => Buffer.from(`${tag}/${part}`.padEnd(32, ".")).toString("hex").slice(0, 64);
  return {
    backend: "groth16" as const,
    optimization: "O2" as const,
    constraints: 1,
    wasm: { path: "circuit.wasm", sha256: hash("wasm"), bytes: 1 },
    vkey: { path: "vkey.json", sha256: hash("vkey"), bytes: 1 },
    zkey: { path: "circuit.zkey", sha256: hash("zkey"), bytes: 1 },
    verifier: { contract: "Verifier", path: "Verifier.sol", sha256: hash("sol") },
    fixture: { path: "fixture.json", sha256: hash("fixture"), bytes: 1 },
    setup: { kind: "dev" },
  };
}

/** Executes a registration proposal's call as the timelock would, returning the new circuit id. */
async function registerAsTimelock(entry: GeneratedManifestCircuit, verifier: Address): Promise<number> {
  const proposal = registrationProposal(entry, {
    registry: deployment.registry,
    verifier,
    artifactBaseURI: "ipfs://k/",
  });
  const hash = (await rpc(anvil.url, "eth_sendTransaction", [
    { from: timelock, to: proposal.targets[0], data: proposal.calldatas[0] },
  ])) as Hex;
  const receipt = await client().waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return client().readContract({ address: deployment.registry, abi: modelRegistryAbi, functionName: "circuitCount" });
}

beforeAll(async () => {
  anvil = await startAnvil();
  deploymentPath = await deployProtocol(anvil, `e2e-compiled-${anvil.port}`);
  const raw = JSON.parse(readFileSync(deploymentPath, "utf8"));
  deployment = parseDeployment(raw, 31337, deploymentPath);
  timelock = raw.contracts.timelock as Address;
  await rpc(anvil.url, "anvil_impersonateAccount", [timelock]);
  await rpc(anvil.url, "anvil_setBalance", [timelock, toHex(parseEther("10"))]);
}, 600_000);

afterAll(async () => {
  await anvil?.stop();
  if (deploymentPath) removeDeployment(deploymentPath);
});

describe("compiled circuits on the registry, decoded by the SDK", () => {
  it("a gradient-boosted ensemble registers as a tree ensemble with its full shape, and its outputs decode through its entry", async () => {
    const ir = importOnnx(readFixture("gradient_boosting"));
    if (ir.kind !== "treeEnsemble") throw new Error("gradient_boosting is not a tree ensemble");
    const compiled = compileTreeEnsemble(ir, {
      inputMode: "public",
      outDir: resolve(REPO_ROOT, "compiler/out/tests/sdkCompiled"),
    });
    const entry = { ...treeManifestEntry(compiled), backends: [backend("trees")] } as GeneratedManifestCircuit;
    const verifier = (
      await client().readContract({
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "circuit",
        args: [1],
      })
    ).verifier;
    const id = await registerAsTimelock(entry, verifier);

    const record = await client().readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [id],
    });
    expect(record.family).toBe(CircuitFamily.TreeEnsemble);
    expect(record.dims).toEqual([30, 10, 3, 1]);
    expect(record.shape).toEqual([30, 10, 3]);
    expect(record.inputWords).toBe(3);

    const outputCount = entry.publicSignals.filter((s) => s.kind === "output").length;
    for (const [i, row] of readHeldOut().gradient_boosting.inputs.slice(0, 4).entries()) {
      const x = Array.from(Float32Array.from(row));
      const call = compiled.witnessInput(x, { binding: BigInt(i + 1), weightsSalt: 8n });
      const outputs = call.publicSignals.slice(0, outputCount);
      const decoded = await decodeOutputs(client(), {
        deployment,
        circuitId: id,
        outputs,
        entries: [entry as CircuitEntry],
      });
      const reference = decodeTreeSignals(compiled.shape, "public", call.publicSignals);
      if (decoded.family !== "trees") throw new Error(`row ${i}: decoded as ${decoded.family}`);
      expect(decoded.paths.map((p) => p.leaf)).toEqual(reference.leaves);
      expect(decoded.paths.map((p) => p.leafValues.map((v) => v.raw))).toEqual(reference.leafValues);
      expect(decoded.scores.map((s) => s.raw)).toEqual(reference.scores);
      expect(decoded.label).toBe(reference.label);
    }

    // without its entry the SDK cannot know the layout, and says which file to pass
    await expect(decodeOutputs(client(), { deployment, circuitId: id, outputs: [1n] })).rejects.toThrow(EncodingError);
    await expect(decodeOutputs(client(), { deployment, circuitId: id, outputs: [1n] })).rejects.toThrow(
      /pass the manifest-entry.json `npm run model -- compile` wrote for it/,
    );
  }, 120_000);

  it("a three-layer dense network registers as the dense family with every width, and its logits decode", async () => {
    const widths = [12, 6, 5, 3];
    const entry: GeneratedManifestCircuit = {
      id: `mlp${widths.join("x")}-committed`,
      shape: { family: "dense", widths },
      inputMode: "committed",
      entry: "compiler/out/dense.circom",
      sourceHash: "00",
      publicSignals: denseSignalLayout(widths, "committed"),
      backends: [backend("dense")],
    };
    const verifier = (
      await client().readContract({
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "circuit",
        args: [1],
      })
    ).verifier;
    const id = await registerAsTimelock(entry, verifier);
    const record = await client().readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [id],
    });
    expect(record.family).toBe(CircuitFamily.Dense);
    expect(record.dims).toEqual(widths);
    expect(record.shape).toEqual([12, 3, 3]);

    const r = rng(42);
    const weight = () => BigInt(Math.round((r() * 2 - 1) * 1500));
    const model = {
      inputs: 12,
      layers: widths.slice(1).map((out, l) => ({
        weights: Array.from({ length: out }, () => Array.from({ length: widths[l] as number }, weight)),
        bias: Array.from({ length: out }, weight),
        relu: l < widths.length - 2,
      })),
    };
    const x = Array.from({ length: 12 }, () => BigInt(Math.round((r() * 2 - 1) * 65_536)));
    const call = denseCircuitCall("committed", model, x, { binding: 1n, weightsSalt: 2n, inputSalt: 3n });
    const outputCount = entry.publicSignals.filter((s) => s.kind === "output").length;
    const decoded = await decodeOutputs(client(), {
      deployment,
      circuitId: id,
      outputs: call.publicSignals.slice(0, outputCount),
      entries: [entry as CircuitEntry],
    });
    if (decoded.family !== "dense") throw new Error(`decoded as ${decoded.family}`);
    expect(decoded.logits.map((l) => l.raw)).toEqual(call.output.logits);
    expect(decoded.predictedClass).toBe(call.output.argmax);
  }, 120_000);
});
