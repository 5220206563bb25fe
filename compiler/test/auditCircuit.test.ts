import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  classifierBakedAuditCall,
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
  const [counts, setCommitment, weightsCommitment] = publicSignals as [bigint, bigint, bigint];
  return {
    honest: await ask(publicSignals),
    tamperedProof: await ask(publicSignals, tamperedProof),
    movedCounts: await ask([counts + 1n, setCommitment, weightsCommitment]),
    otherVersion: await ask([counts, setCommitment, weightsCommitment + 1n]),
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
      otherVersion: false,
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

describe("the baked audit circuit of the compiled logistic regression (one version's weights as constants)", () => {
  const compileDir = join(work, "logistic");
  const auditDir = join(work, "logistic-baked-audit");
  let audit: CompiledAuditCircuit;
  let model: { weights: bigint[]; bias: bigint; threshold: bigint };

  beforeAll(async () => {
    const parameters = JSON.parse(readFileSync(join(compileDir, "model.json"), "utf8")).parameters as {
      weights: string[];
      bias: string;
      threshold: string;
    };
    model = {
      weights: parameters.weights.map(BigInt),
      bias: BigInt(parameters.bias),
      threshold: BigInt(parameters.threshold),
    };
    audit = await compileAuditCircuit(compileDir, { rows: 8, outDir: auditDir, weights: "baked" });
  }, 900_000);

  it("is a circuit of its own version, smaller than the shape's, and `auto` keeps the one with the smaller domain", async () => {
    const prefix = audit.weightsCommitment.toString(16).padStart(64, "0").slice(0, 8);
    expect(audit.id).toBe(`classifier30-audit8-baked-${prefix}`);
    expect(audit.weightsChoice.mode).toBe("baked");
    const listed = JSON.parse(readFileSync(audit.files.artifacts as string, "utf8"));
    expect(listed).toMatchObject({
      id: audit.id,
      weights: "baked",
      weightsCommitment: String(audit.weightsCommitment),
    });

    const auto = await compileAuditCircuit(compileDir, {
      rows: 8,
      outDir: join(work, "logistic-auto-audit"),
      weights: "auto",
      setup: false,
    });
    const choice = auto.weightsChoice as { committedDomainLog2: number; bakedDomainLog2: number; mode: string };
    expect(choice.bakedDomainLog2).toBeLessThanOrEqual(choice.committedDomainLog2);
    expect(auto.domainPower).toBe(choice.mode === "baked" ? choice.bakedDomainLog2 : choice.committedDomainLog2);
    expect(choice.mode).toBe(choice.bakedDomainLog2 < choice.committedDomainLog2 ? "baked" : "committed");
    // the circuit auto did not keep leaves no build behind
    const dropped = choice.mode === "baked" ? "classifier30-audit8.r1cs" : `${audit.id}.r1cs`;
    expect(existsSync(join(work, "logistic-auto-audit", "build", dropped))).toBe(false);
    expect(existsSync(auto.files.r1cs as string)).toBe(true);
  }, 300_000);

  it("proves the version's counts on held-out rows; its verifier refuses a tampered proof, moved counts and every other version", async () => {
    const rows = auditRows(heldOut.logistic.inputs, 8);
    const witness = { model, weightsSalt: 4242n, weightsCommitment: audit.weightsCommitment, rows, auditSalt: 77n };
    const call = classifierBakedAuditCall(witness, 8);
    // the same public signals as the committed-model audit: the AuditRegistry records either alike
    expect(call.publicSignals).toEqual(classifierAuditCall(witness, 8).publicSignals);
    const prover = await AuditProver.load(audit.artifacts);
    const proven = await prover.prove(call);
    expect(unpackAuditCounts(proven.publicSignals[0] as bigint)).toEqual(classifierAuditCounts(model, rows));
    expect(await onChainVerdicts(audit, proven.proof, proven.publicSignals)).toEqual({
      honest: true,
      tamperedProof: false,
      movedCounts: false,
      otherVersion: false,
    });
    // another version's commitment is refused before any proof: the constant does not match
    await expect(prover.prove({ ...call, input: { ...call.input, weightsCommitment: 1n } })).rejects.toThrow();
  }, 300_000);

  it("is what `trainer audit --compiled` reads back for its own version only", async () => {
    const { subject, circuit } = compiledAuditSubject(compileDir, auditDir);
    expect(circuit.weights).toBe("baked");
    const rows = auditRows(heldOut.logistic.inputs, 8);
    const witness = { model, weightsSalt: 4242n, weightsCommitment: audit.weightsCommitment, rows, auditSalt: 3n };
    expect(subject.call(rows, 3n)).toEqual(classifierBakedAuditCall(witness, 8));
    // the same model compiled under another salt is another registered version: the baked audit is not its
    const resalted = join(work, "logistic-resalted");
    await compileModel(readFixture("logistic"), { outDir: resalted, setup: false, weightsSalt: 4243n });
    expect(() => compiledAuditSubject(resalted, auditDir)).toThrow(/generate its own audit circuit/);
  }, 300_000);

  it("refuses to bake weights that do not open the version's commitment, writing no circuit", async () => {
    // an edited model.json: the first weight moved, the declared commitment kept
    const edited = join(work, "logistic-edited");
    mkdirSync(edited, { recursive: true });
    writeFileSync(join(edited, "manifest-entry.json"), readFileSync(join(compileDir, "manifest-entry.json")));
    const file = JSON.parse(readFileSync(join(compileDir, "model.json"), "utf8"));
    file.parameters.weights[0] = String(BigInt(file.parameters.weights[0]) + 1n);
    writeFileSync(join(edited, "model.json"), JSON.stringify(file));
    const out = join(work, "logistic-edited-audit");
    await expect(compileAuditCircuit(edited, { rows: 8, outDir: out, weights: "baked" })).rejects.toThrow(
      /do not open its weightsCommitment/,
    );
    expect(existsSync(join(out, "audit-circuit.json"))).toBe(false);
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
      otherVersion: false,
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
    // a tree ensemble's audit proves a committed model: baked weights are refused, auto keeps committed
    const trees = join(work, "trees");
    await expect(
      compileAuditCircuit(trees, { rows: 2, outDir: join(work, "w"), weights: "baked", setup: false }),
    ).rejects.toThrow(/baked audits exist for linear classifiers/);
  }, 300_000);
});
