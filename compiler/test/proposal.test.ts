import { treePublicSignalLayout } from "@symbiote/circuits";
import { CircuitFamily, modelRegistryAbi } from "@symbiote/sdk";
import { decodeFunctionData } from "viem";
import { describe, expect, it } from "vitest";
import { denseSignalLayout } from "../src/circuit/denseSignals.ts";
import type { GeneratedManifestCircuit } from "../src/compile/compileModel.ts";
import { ProposalError, registrationProposal } from "../src/compile/proposal.ts";

const REGISTRY = "0x0000000000000000000000000000000000001234";
const VERIFIER = "0x0000000000000000000000000000000000005678";
const build = {
  backend: "groth16" as const,
  optimization: "O2" as const,
  constraints: 100,
  wasm: { path: "a.wasm", sha256: "11".repeat(32), bytes: 1 },
  vkey: { path: "vkey.json", sha256: "22".repeat(32), bytes: 1 },
  zkey: { path: "circuit.zkey", sha256: "33".repeat(32), bytes: 1 },
  verifier: { contract: "V", path: "V.sol", sha256: "44".repeat(32) },
  fixture: { path: "f.json", sha256: "55".repeat(32), bytes: 1 },
  setup: { kind: "dev" },
};

function entry(widths: number[]): GeneratedManifestCircuit {
  const [n = 0, h = 0, k = 0] = widths;
  return {
    id: `mlp${widths.join("x")}-public`,
    shape: widths.length === 3 ? { family: "mlp", n, h, k } : { family: "dense", widths },
    inputMode: "public",
    entry: "compiler/out/x.circom",
    sourceHash: "00",
    publicSignals: denseSignalLayout(widths, "public"),
    backends: [build],
  };
}

describe("registration proposal of a compiled circuit", () => {
  it("an MLP n-h-k registers as the mlp family with its shape, words and key hashes", () => {
    const p = registrationProposal(entry([20, 8, 3]), { registry: REGISTRY, verifier: VERIFIER, artifactBaseURI: "" });
    expect(p.targets).toEqual([REGISTRY]);
    expect(p.calldatas).toHaveLength(1);
    const { functionName, args } = decodeFunctionData({ abi: modelRegistryAbi, data: p.calldatas[0] as `0x${string}` });
    expect(functionName).toBe("registerCircuit");
    const record = (args as readonly Record<string, unknown>[])[0];
    // mlp family, public inputs, Groth16; one logit word and the arg-max out, two feature words in
    expect(record).toMatchObject({ verifier: VERIFIER, family: 1, inputMode: 0, proofSystem: 0, outputWords: 2 });
    expect(record).toMatchObject({ inputWords: 2, zkeyHash: `0x${"33".repeat(32)}` });
    expect(record?.shape).toEqual([20, 8, 3]);
    expect(p.description).toMatch(/DEV keys: do not register them on a production chain/);
  });

  it("a deeper dense network registers as the dense family with every layer's width", () => {
    const p = registrationProposal(entry([20, 8, 8, 3]), {
      registry: REGISTRY,
      verifier: VERIFIER,
      artifactBaseURI: "",
    });
    const { args } = decodeFunctionData({ abi: modelRegistryAbi, data: p.calldatas[0] as `0x${string}` });
    const record = (args as readonly Record<string, unknown>[])[0];
    expect(record).toMatchObject({ family: CircuitFamily.Dense, inputWords: 2, outputWords: 2 });
    // summary [N, layers, K], full shape the widths
    expect(record?.shape).toEqual([20, 3, 3]);
    expect(record?.dims).toEqual([20, 8, 8, 3]);
  });

  it("a tree ensemble registers as the tree family with features, trees, depth and score columns", () => {
    const shape = { trees: 5, depth: 4, features: 20, columns: 1 };
    const trees: GeneratedManifestCircuit = {
      ...entry([20, 8, 3]),
      id: "trees5x4x20x1-committed",
      inputMode: "committed",
      shape: { family: "trees", ...shape },
      publicSignals: treePublicSignalLayout(shape, "committed"),
    };
    const p = registrationProposal(trees, { registry: REGISTRY, verifier: VERIFIER, artifactBaseURI: "ipfs://k/" });
    const { args } = decodeFunctionData({ abi: modelRegistryAbi, data: p.calldatas[0] as `0x${string}` });
    const record = (args as readonly Record<string, unknown>[])[0];
    const outputs = trees.publicSignals.filter((s) => s.kind === "output").length;
    expect(record).toMatchObject({ family: CircuitFamily.TreeEnsemble, inputMode: 1, inputWords: 1 });
    expect(record).toMatchObject({ outputWords: outputs, artifactURI: "ipfs://k/trees5x4x20x1-committed/groth16/" });
    expect(record?.shape).toEqual([20, 5, 4]);
    expect(record?.dims).toEqual([20, 5, 4, 1]);
  });

  it("refuses a circuit without Groth16 keys and a bad address", () => {
    const o = { registry: REGISTRY, verifier: VERIFIER, artifactBaseURI: "" } as const;
    expect(() => registrationProposal({ ...entry([20, 8, 3]), backends: [] }, o)).toThrow(/has no Groth16 keys/);
    expect(() => registrationProposal(entry([20, 8, 3]), { ...o, verifier: "0x12" as `0x${string}` })).toThrow(
      ProposalError,
    );
    expect(() => registrationProposal(entry([20, 8, 3]), { ...o, registry: "0xzz" as `0x${string}` })).toThrow(
      /--registry 0xzz: not an address/,
    );
  });
});
