import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { decodePublicSignals, modelRegistryAbi } from "@symbiote/sdk";
import { groth16 } from "snarkjs";
import { decodeFunctionData } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, sha256Hex } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, classifierCircuitCall } from "../../circuits/src/models/classifier.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";
import { encodeWtns, WitnessCalculator } from "../../circuits/src/witness.ts";
import { quantizeInputs } from "../src/quantize/fixedPoint.ts";
import { FIXTURES, readHeldOut } from "./fixtures.ts";

/**
 * `npm run model -- compile` on the logistic-30 fixture, end to end: the CLI compiles the circuit, sets it up (dev
 * keys) and writes the model file, manifest entry and registration calldata; then a proof of another held-out row,
 * from the witness of the compiled circuit and the CLI's keys, verifies with snarkjs and decides as onnxruntime did.
 */
const run = promisify(execFile);
const TSX = resolve(REPO_ROOT, "node_modules/.bin/tsx");
const CLI = resolve(REPO_ROOT, "compiler/src/cli.ts");
const REGISTRY = "0x0000000000000000000000000000000000001234";
const VERIFIER = "0x0000000000000000000000000000000000005678";

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run model -- compile logistic.onnx", () => {
  const out = mkdtempSync(join(tmpdir(), "symbiote-model-"));
  const read = (file: string) => JSON.parse(readFileSync(join(out, file), "utf8"));
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const args = ["compile", join(FIXTURES, "logistic.onnx"), "--out", out, "--salt", "4242"];
    result = await cli([...args, "--registry", REGISTRY, "--verifier", VERIFIER, "--artifact-base-uri", "ipfs://x/"]);
  }, 600_000);
  afterAll(async () => {
    rmSync(out, { recursive: true, force: true });
    await terminateProvers();
  });

  it("compiles classifier30-committed after 100% agreement with onnxruntime", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/agreement with onnxruntime: 100\.00% of 64 rows/);
    const entry = read("manifest-entry.json");
    expect(entry).toMatchObject({ id: "classifier30-committed", shape: { family: "classifier", n: 30 } });
    expect(entry.publicSignals).toHaveLength(10);
    expect(entry.backends[0]).toMatchObject({ backend: "groth16", setup: { kind: "dev" } });
    expect(entry.backends[0].constraints).toBeGreaterThan(2000);
  });

  it("a proof of another held-out row verifies with snarkjs and decides as onnxruntime", async () => {
    const model = read("model.json");
    const classifier: ClassifierModel = {
      weights: model.parameters.weights.map(BigInt),
      bias: BigInt(model.parameters.bias),
      threshold: BigInt(model.parameters.threshold),
    };
    const heldOut = readHeldOut().logistic;
    const row = 7;
    const x = quantizeInputs(Array.from(Float32Array.from(heldOut.inputs[row] as number[])));
    const call = classifierCircuitCall("committed", classifier, x, { binding: 99n, weightsSalt: 4242n, inputSalt: 5n });
    // the commitment the model file records is the one the circuit checks
    expect(call.publicSignals.at(-2)).toBe(BigInt(model.weightsCommitment));
    const calculator = await WitnessCalculator.create(
      readFileSync(join(out, "build/classifier30-committed_js/classifier30-committed.wasm")),
    );
    const witness = calculator.calculate(call.input);
    const zkey = join(out, "groth16/circuit.zkey");
    const { proof, publicSignals } = await groth16.prove(zkey, { type: "mem", data: encodeWtns(witness) });
    expect(publicSignals).toEqual(call.publicSignals.map(String));
    expect(await groth16.verify(read("groth16/vkey.json"), publicSignals, proof)).toBe(true);
    // the decision, read through the manifest entry's layout, is onnxruntime's class
    const decoded = decodePublicSignals(read("manifest-entry.json").publicSignals, publicSignals.map(BigInt));
    const [, p1] = heldOut.onnxruntime[row] as number[];
    expect(decoded.decision).toBe((p1 as number) >= 0.5 ? 1n : 0n);
  }, 120_000);

  it("writes the governance calldata that registers the circuit with the keys it made", () => {
    const proposal = read("proposal.json");
    expect(proposal.targets).toEqual([REGISTRY]);
    const { functionName, args } = decodeFunctionData({ abi: modelRegistryAbi, data: proposal.calldatas[0] });
    expect(functionName).toBe("registerCircuit");
    const record = (args as readonly Record<string, unknown>[])[0] as Record<string, unknown>;
    const zkeyHash = sha256Hex(readFileSync(join(out, "groth16/circuit.zkey")));
    expect(record).toMatchObject({ verifier: VERIFIER, family: 0, inputMode: 1, zkeyHash: `0x${zkeyHash}` });
    expect(record.shape).toEqual([30, 0, 0]);
    expect(record.artifactURI).toBe("ipfs://x/classifier30-committed/groth16/");
  });
});

describe("npm run model -- inspect on a tree ensemble", () => {
  it("gradient boosting goes through compileTreeEnsemble and agrees with onnxruntime on every held-out row", async () => {
    const r = await cli(["inspect", join(FIXTURES, "gradient_boosting.onnx"), "--mode", "public"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kind: treeEnsemble \(classifier, 2 classes\), 30 features/);
    expect(r.stdout).toMatch(/circuit: trees10x3x30x1-public/);
    expect(r.stdout).toMatch(/agreement with onnxruntime: 100\.00% of 64 rows/);
  }, 60_000);
});

describe("npm run model -- compile mlp.onnx --weights auto", () => {
  it("compiles the committed and the baked circuit, keeps the smaller Groth16 domain and says why", async () => {
    const out = mkdtempSync(join(tmpdir(), "symbiote-model-auto-"));
    try {
      const r = await cli(["compile", join(FIXTURES, "mlp.onnx"), "--out", out, "--weights", "auto", "--no-setup"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const reason = r.stdout.match(/ {2}weights: (committed|baked) \((.*)\)/);
      if (!reason) throw new Error(`no weights choice in:\n${r.stdout}`);
      const model = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
      // the model file names the circuit that was kept: a baked id carries the version's commitment
      expect(/-baked-[0-9a-f]{8}$/.test(model.circuit)).toBe(reason[1] === "baked");
      expect(reason[2]).toMatch(
        reason[1] === "baked" ? /need a 2\^\d+ domain instead of 2\^\d+/ : /both need a 2\^\d+ domain/,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("npm run model -- compile logistic.onnx --weights auto", () => {
  it("bakes a linear model's weights: the products become linear, the domain halves", async () => {
    const out = mkdtempSync(join(tmpdir(), "symbiote-model-linear-auto-"));
    try {
      const r = await cli([
        "compile",
        join(FIXTURES, "logistic.onnx"),
        "--out",
        out,
        "--weights",
        "auto",
        "--no-setup",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/ {2}weights: baked \(baked weights need a 2\^11 domain instead of 2\^12/);
      const model = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
      expect(model.circuit).toMatch(/^classifier30-committed-baked-[0-9a-f]{8}$/);
      // the committed circuit's outputs were removed; the baked entry is what the folder keeps
      expect(existsSync(join(out, `${model.circuit}.circom`))).toBe(true);
      expect(existsSync(join(out, "build", "classifier30-committed.r1cs"))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("npm run model refusals", () => {
  it("--attribution on a linear model: exit 1, naming what it proves instead", async () => {
    const out = mkdtempSync(join(tmpdir(), "symbiote-model-attribution-"));
    try {
      const args = ["compile", join(FIXTURES, "logistic.onnx"), "--out", out, "--weights", "baked", "--attribution"];
      const r = await cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/ModelCompileError: classifier30-committed: --attribution proves a dense network's/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it("an unknown weights mode: exit 2", async () => {
    const r = await cli(["compile", join(FIXTURES, "logistic.onnx"), "--out", "/tmp/x", "--weights", "frozen"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--weights frozen: use committed, baked or auto/);
  }, 60_000);

  it("a model that does not fit the fixed point: exit 1 with the value and what to change", async () => {
    const r = await cli(["inspect", join(FIXTURES, "linear.onnx")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/QuantizationError: weight 0 = 742\.\d+ does not fit .* Standardise the features/);
  }, 60_000);

  it("a command line it cannot run: exit 2 with the usage", async () => {
    const r = await cli(["compile", join(FIXTURES, "logistic.onnx")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compile needs --out <dir>/);
    expect(r.stderr).toMatch(/Usage: npm run model/);
  }, 60_000);
});
