import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Anvil, compileVerifier, deploy, startAnvil } from "@symbiote/devnet";
import { auditRegistryAbi, quantize } from "@symbiote/sdk";
import type { Groth16Proof } from "snarkjs";
import { createPublicClient, decodeFunctionData, type Hex, http } from "viem";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuditArtifacts,
  AuditProver,
  type AuditRow,
  classifierAuditCall,
  classifierAuditCounts,
  type TreeParameters,
  treeAuditCall,
  treeAuditCounts,
  treeLayoutFromParameters,
  unpackAuditCounts,
} from "../../circuits/src/index.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";
import { compiledAuditRows, compiledAuditSubject } from "../../trainer/src/audit/auditFromCompiled.ts";
import { AuditCircuitError, type CompiledAuditCircuit, compileAuditCircuit } from "../src/audit/auditCircuit.ts";
import { auditRegistrationProposal } from "../src/audit/auditProposal.ts";
import { compileModel } from "../src/compile/compileModel.ts";
import { ProposalError } from "../src/compile/proposal.ts";
import { readFixture, readHeldOut } from "./fixtures.ts";

/**
 * `compileAuditCircuit` (npm run model -- audit) on compiled fixtures: a 30-feature logistic regression and a
 * gradient-boosted ensemble of 10 trees of depth 3. The generated circuits prove the compiled models' own counts on
 * held-out rows; their exported verifiers, deployed on anvil, accept the proofs and refuse tampered ones.
 */
const ANVIL_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const work = mkdtempSync(join(tmpdir(), "symbiote-audit-circuit-"));
const heldOut = readHeldOut();
let anvil: Anvil;

beforeAll(async () => {
  anvil = await startAnvil();
}, 60_000);
afterAll(async () => {
  await anvil?.stop();
  await terminateProvers();
  rmSync(work, { recursive: true, force: true });
});

/** Held-out rows as an audit set: features at the model's scale, groups alternating, labels from the row index. */
function auditRows(inputs: number[][], rows: number, fracBits = 16): AuditRow[] {
  return Array.from({ length: rows }, (_, r) => ({
    features: (inputs[r % inputs.length] as number[]).map((v, i) =>
      quantize(v * 2 ** (fracBits - 16), `row ${r} ${i}`),
    ),
    group: (r % 2) as 0 | 1,
    label: r % 4 === 3 ? undefined : r % 3 === 0,
  }));
}

function verifierArgs(proof: Groth16Proof, publicSignals: readonly bigint[]) {
  const b = proof.pi_b as string[][];
  return [
    [BigInt(proof.pi_a[0] as string), BigInt(proof.pi_a[1] as string)],
    [
      [BigInt(b[0]?.[1] as string), BigInt(b[0]?.[0] as string)],
      [BigInt(b[1]?.[1] as string), BigInt(b[1]?.[0] as string)],
    ],
    [BigInt(proof.pi_c[0] as string), BigInt(proof.pi_c[1] as string)],
    [...publicSignals],
  ] as const;
}

/** Deploys the audit circuit's exported verifier and asks it about a proof. */
async function onChainVerdicts(audit: CompiledAuditCircuit, proof: Groth16Proof, publicSignals: readonly bigint[]) {
  const source = readFileSync(audit.files.verifier as string, "utf8");
  const contract = /contract (\w+Verifier)\b/.exec(source)?.[1] as string;
  const compiled = compileVerifier(source, contract);
  const address = await deploy(anvil.url, ANVIL_KEY, compiled);
  const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
  const ask = (signals: readonly bigint[], p = proof) =>
    client.readContract({ address, abi: compiled.abi, functionName: "verifyProof", args: verifierArgs(p, signals) });
  const tamperedProof = { ...proof, pi_a: [proof.pi_c[0], proof.pi_c[1], "1"] } as Groth16Proof;
  const [counts, ...rest] = publicSignals as [bigint, ...bigint[]];
  return {
    honest: await ask(publicSignals),
    tamperedProof: await ask(publicSignals, tamperedProof),
    movedCounts: await ask([counts + 1n, ...rest]),
  };
}

describe("the audit circuit of a compiled logistic regression (30 features, 8 rows)", () => {
  const compileDir = join(work, "logistic");
  let audit: CompiledAuditCircuit;
  let modelJson: { parameters: { weights: string[]; bias: string; threshold: string }; weightsSalt: string };

  beforeAll(async () => {
    await compileModel(readFixture("logistic"), { outDir: compileDir, setup: false, weightsSalt: 4242n });
    modelJson = JSON.parse(readFileSync(join(compileDir, "model.json"), "utf8"));
    audit = await compileAuditCircuit(compileDir, { rows: 8, outDir: join(work, "logistic-audit") });
  }, 900_000);

  it("is the classifier audit of the model's shape, with its artifacts listed", () => {
    expect(audit.id).toBe("classifier30-audit8");
    expect(audit.shape).toEqual({ kind: "classifier", features: 30 });
    expect(audit.setupSkipped).toBeUndefined();
    const listed = JSON.parse(readFileSync(audit.files.artifacts as string, "utf8")) as AuditArtifacts;
    expect(listed).toMatchObject({ id: audit.id, rows: 8, features: 30, model: "classifier30-committed" });
  });

  /** The compiled model (its first weight moved by `shift`) on eight held-out rows, as the audit circuit's call. */
  const heldOutCall = (shift = 0n) => {
    const model = {
      weights: modelJson.parameters.weights.map((w, i) => BigInt(w) + (i === 0 ? shift : 0n)),
      bias: BigInt(modelJson.parameters.bias),
      threshold: BigInt(modelJson.parameters.threshold),
    };
    const rows = auditRows(heldOut.logistic.inputs, 8);
    const witness = { model, weightsSalt: 4242n, weightsCommitment: audit.weightsCommitment, rows, auditSalt: 77n };
    return { model, rows, call: classifierAuditCall(witness, 8) };
  };

  it("proves the compiled model's counts on held-out rows, and its verifier checks them on chain", async () => {
    const { model, rows, call } = heldOutCall();
    const prover = await AuditProver.load(audit.artifacts);
    const proven = await prover.prove(call);
    expect(unpackAuditCounts(proven.publicSignals[0] as bigint)).toEqual(classifierAuditCounts(model, rows));
    expect(await prover.verify(proven.proof, proven.publicSignals)).toBe(true);
    expect(await onChainVerdicts(audit, proven.proof, proven.publicSignals)).toEqual({
      honest: true,
      tamperedProof: false,
      movedCounts: false,
    });
  }, 300_000);

  it("refuses another version's weights: the circuit does not open the compiled commitment with them", async () => {
    const { call } = heldOutCall(1n);
    const prover = await AuditProver.load(audit.artifacts);
    await expect(prover.prove(call)).rejects.toThrow();
  }, 120_000);

  it("writes the proposal that registers it in the AuditRegistry", () => {
    const registry = "0x0000000000000000000000000000000000001234";
    const verifier = "0x0000000000000000000000000000000000005678";
    const proposal = auditRegistrationProposal(audit, { auditRegistry: registry, verifier });
    expect(proposal.targets).toEqual([registry]);
    const decoded = decodeFunctionData({ abi: auditRegistryAbi, data: proposal.calldatas[0] as Hex });
    expect(decoded.functionName).toBe("registerAuditCircuit");
    expect(decoded.args).toEqual([verifier, 8, 30]);
    expect(() => auditRegistrationProposal(audit, { auditRegistry: "0x12", verifier })).toThrow(ProposalError);
  });
});

describe("the audit circuit of a compiled gradient-boosted ensemble (10 trees of depth 3, 30 features, 2 rows)", () => {
  const compileDir = join(work, "trees");
  let audit: CompiledAuditCircuit;

  beforeAll(async () => {
    await compileModel(readFixture("gradient_boosting"), {
      outDir: compileDir,
      inputMode: "public",
      setup: false,
      weightsSalt: 99n,
    });
    audit = await compileAuditCircuit(compileDir, { rows: 2, outDir: join(work, "trees-audit") });
  }, 900_000);

  it("proves the ensemble's own decisions on held-out rows, and its verifier checks them on chain", async () => {
    const parameters = JSON.parse(readFileSync(join(compileDir, "model.json"), "utf8")).parameters as TreeParameters;
    const { layout, scales } = treeLayoutFromParameters(parameters);
    expect(audit.id).toBe("trees10x3x30x1-audit2");
    const rows = auditRows(heldOut.gradient_boosting.inputs, 2, scales.featureFracBits);
    const call = treeAuditCall(
      { layout, weightsSalt: 99n, weightsCommitment: audit.weightsCommitment, rows, auditSalt: 5n },
      { rows: 2, ...layout.shape },
    );
    const prover = await AuditProver.load(audit.artifacts);
    const proven = await prover.prove(call);
    expect(unpackAuditCounts(proven.publicSignals[0] as bigint)).toEqual(treeAuditCounts(layout, rows));
    expect(await onChainVerdicts(audit, proven.proof, proven.publicSignals)).toEqual({
      honest: true,
      tamperedProof: false,
      movedCounts: false,
    });
  }, 300_000);

  it("is what `trainer audit --compiled` reads back: the same call from the folders, refused for another shape", () => {
    const { subject, circuit } = compiledAuditSubject(compileDir, join(work, "trees-audit"));
    expect(circuit.id).toBe(audit.id);
    const table = {
      columns: [...Array.from({ length: 30 }, (_, i) => `x${i}`), "group"],
      rows: heldOut.gradient_boosting.inputs.slice(0, 2).map((row, r) => [...row, r % 2]),
    };
    const { rows } = compiledAuditRows(subject, table, { group: "group", label: null });
    const parameters = JSON.parse(readFileSync(join(compileDir, "model.json"), "utf8")).parameters as TreeParameters;
    const { layout } = treeLayoutFromParameters(parameters);
    const direct = treeAuditCall(
      { layout, weightsSalt: 99n, weightsCommitment: audit.weightsCommitment, rows, auditSalt: 5n },
      { rows: 2, ...layout.shape },
    );
    expect(subject.call(rows, 5n).publicSignals).toEqual(direct.publicSignals);
    expect(() => compiledAuditSubject(join(work, "logistic"), join(work, "trees-audit"))).toThrow(
      /generate the audit circuit from this compile folder/,
    );
  });
});

describe("models and sizes without an audit circuit", () => {
  it("refuses a dense network, a folder that is not a compile output, and an audit set of no rows", async () => {
    const dense = join(work, "mlp");
    await compileModel(readFixture("mlp"), { outDir: dense, setup: false });
    await expect(compileAuditCircuit(dense, { rows: 4, outDir: join(work, "x") })).rejects.toThrow(AuditCircuitError);
    const empty = join(work, "empty");
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, "note.txt"), "not a compile folder");
    await expect(compileAuditCircuit(empty, { rows: 4, outDir: join(work, "y") })).rejects.toThrow(/manifest-entry/);
    await expect(compileAuditCircuit(dense, { rows: 0, outDir: join(work, "z") })).rejects.toThrow(/1 to 65535/);
  }, 300_000);
});
