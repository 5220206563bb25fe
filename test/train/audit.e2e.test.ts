/**
 * `trainer audit` end to end: a credit classifier trained as `trainer train` trains it, audited on 32 rows with a real
 * Groth16 proof of the fairness-audit circuit, then recorded in the AuditRegistry that script/Deploy.s.sol deploys on
 * a real anvil, where the registry checks the proof against the version's registered weights commitment.
 */

import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type Anvil, compileVerifier, deploy, deployLocal, KEYS, protocol, startAnvil } from "@symbiote/devnet";
import { auditRegistryAbi, modelRegistryAbi } from "@symbiote/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  parseEventLogs,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifierAuditCounts } from "../../circuits/src/audit/counts.ts";
import { loadDeployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { type CompiledAuditCircuit, compileAuditCircuit } from "../../compiler/src/audit/auditCircuit.ts";
import { auditRegistrationProposal } from "../../compiler/src/audit/auditProposal.ts";
import { compileModel } from "../../compiler/src/compile/compileModel.ts";
import { auditRowsFromTable, classifierAuditWitness } from "../../trainer/src/audit/auditFromArtifact.ts";
import { generateCredit } from "../../trainer/src/data/credit.ts";
import { readCsv, writeCsv } from "../../trainer/src/data/csv.ts";
import { createPrng } from "../../trainer/src/data/prng.ts";
import type { ModelArtifact } from "../../trainer/src/train/artifact.ts";
import { trainClassifier, writeContributorDatasets } from "../data/helpers/contributors.ts";
import { trainerCli } from "../data/helpers/trainerCli.ts";
import { passProposal } from "../helpers/governance.ts";

// anvil's first dev key: public knowledge, used only against local chains.
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

let dir: string;
let anvil: Anvil;
let deploymentPath: string;
let artifactPath: string;
let artifact: ModelArtifact;
let rowsPath: string;
let modelId: bigint;
let deployment: {
  contracts: { modelRegistry: Address; auditRegistry: Address; governor: Address };
  circuits: { key: string; id: number }[];
};

const client = () => createPublicClient({ chain: foundry, transport: http(anvil.url) });
const wallet = () =>
  createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(KEY) });

/** Registers a model version the way a model owner would, so the audit has a registered commitment to bind to. */
async function registerVersion(weightsCommitment: bigint, existing?: bigint): Promise<bigint> {
  const registry = { address: deployment.contracts.modelRegistry, abi: modelRegistryAbi } as const;
  const version = {
    weightsCommitment,
    trainingDataRoot: `0x${"0".repeat(64)}`,
    totalDataWeight: 0n,
    metadataURI: "ipfs://card",
  } as const;
  const committed = deployment.circuits.find((c) => c.key === "classifier16-committed/groth16");
  if (!committed) throw new Error("no classifier16-committed circuit in the deployment");
  const hash =
    existing === undefined
      ? await wallet().writeContract({
          ...registry,
          functionName: "registerModel",
          args: [0, committed.id, 0n, false, version],
        })
      : await wallet().writeContract({ ...registry, functionName: "publishVersion", args: [existing, version] });
  const receipt = await client().waitForTransactionReceipt({ hash });
  if (existing !== undefined) return existing;
  const [registered] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: receipt.logs });
  if (!registered) throw new Error("no ModelRegistered");
  return registered.args.modelId;
}

/** Deploys a generated audit circuit's verifier and registers it in the AuditRegistry through governance. */
async function registerAuditCircuit(circuit: CompiledAuditCircuit): Promise<Address> {
  const source = readFileSync(circuit.files.verifier as string, "utf8");
  const contract = /contract (\w+Verifier)\b/.exec(source)?.[1] as string;
  const verifier = await deploy(anvil.url, KEY, compileVerifier(source, contract));
  const chain = loadDeployment(deploymentPath, 31337);
  await passProposal(
    protocol(anvil.url, chain),
    anvil.url,
    chain,
    deployment.contracts.governor,
    KEYS[1] as Hex,
    auditRegistrationProposal(circuit, { auditRegistry: deployment.contracts.auditRegistry, verifier }),
  );
  return verifier;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "symbiote-audit-"));
  await writeContributorDatasets(join(dir, "data"));
  artifactPath = join(dir, "credit.json");
  artifact = await trainClassifier(join(dir, "data"), artifactPath, { salt: 11n });
  rowsPath = join(dir, "audit.csv");
  // a biased book, so the groups are decided differently
  await writeCsv(rowsPath, generateCredit(createPrng(77), { rows: 32, bias: 0.6, labelNoise: 0 }));
  anvil = await startAnvil();
  deploymentPath = join(REPO_ROOT, "deployments", `audit-e2e-${anvil.port}.json`);
  await deployLocal({
    rpcUrl: anvil.url,
    deploymentFile: relative(REPO_ROOT, deploymentPath),
    demoModels: false,
    quiet: true,
  });
  deployment = JSON.parse(await readFile(deploymentPath, "utf8"));
  modelId = await registerVersion(BigInt(artifact.weightsCommitment.value));
}, 600_000);

afterAll(async () => {
  await anvil?.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(deploymentPath, { force: true });
  await rm(deploymentPath.replace(/\.json$/, ".mocks.json"), { force: true });
});

const connection = () => ["--rpc", anvil.url, "--deployment", deploymentPath];

describe("trainer audit", () => {
  it("proves the classifier's per-group counts on 32 rows and writes them with their metrics and proof", async () => {
    const out = join(dir, "offline.audit.json");
    const result = await trainerCli([
      "audit",
      "--artifact",
      artifactPath,
      "--data",
      rowsPath,
      "--salt",
      "5",
      "--out",
      out,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/demographic-parity difference -?\d+\/\d+ \(-?\d\.\d{4}\)/);
    expect(result.stdout).toMatch(/proved with classifier16-audit32 in \d+ ms/);
    const written = JSON.parse(await readFile(out, "utf8"));
    // the counts the circuit proved are the reference's, on the rows as the model reads them
    const rows = auditRowsFromTable(artifact, await readCsv(rowsPath), { group: "group", label: "label" });
    const reference = classifierAuditCounts(classifierAuditWitness(artifact, rows, 5n).model, rows);
    expect(written.tally).toEqual(reference);
    expect(written.auditSet.salt).toBe("5");
    expect(written.publicSignals[2]).toBe(BigInt(artifact.weightsCommitment.value).toString());
    const card = JSON.parse(await readFile(join(dir, "offline.audit.card.json"), "utf8"));
    expect(card).toMatchObject({
      rows: 32,
      groupColumn: "group",
      labelColumn: "label",
      commitment: written.auditSet.commitment,
    });
  }, 300_000);

  it("records the proven audit of a registered version in the AuditRegistry, and refuses it twice", async () => {
    const out = join(dir, "onchain.audit.json");
    // a fixed salt: the second run is the same set (a fresh salt would make it another set, and another audit)
    const args = [
      "audit",
      "--artifact",
      artifactPath,
      "--data",
      rowsPath,
      "--salt",
      "9",
      "--out",
      out,
      "--submit",
      "--model",
      `${modelId}`,
      "--version",
      "1",
      ...connection(),
    ];
    const result = await trainerCli(args, { env: { PRIVATE_KEY: KEY } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const written = JSON.parse(await readFile(out, "utf8"));
    const setId = BigInt(written.submitted.auditSetId);
    const audits = { address: deployment.contracts.auditRegistry, abi: auditRegistryAbi } as const;
    const record = await client().readContract({ ...audits, functionName: "audit", args: [modelId, 1, setId] });
    expect([record.referenceGroup, record.protectedGroup]).toEqual(written.tally);
    const set = await client().readContract({ ...audits, functionName: "auditSet", args: [setId] });
    expect(set.commitment).toBe(BigInt(written.auditSet.commitment));
    expect(set.cardHash).toBe(written.auditSet.cardHash);

    // the same audit again: the set is found registered, and the registry already holds the audit
    const again = await trainerCli(args, { env: { PRIVATE_KEY: KEY } });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("AuditAlreadyRecorded");
  }, 300_000);

  it("refuses a proof for another version's weights, which the registry checks against its own record", async () => {
    await registerVersion(BigInt(artifact.weightsCommitment.value) ^ 1n, modelId);
    const args = [
      "audit",
      "--artifact",
      artifactPath,
      "--data",
      rowsPath,
      "--out",
      join(dir, "v2.json"),
      "--submit",
      "--model",
      `${modelId}`,
      "--version",
      "2",
      ...connection(),
    ];
    const result = await trainerCli(args, { env: { PRIVATE_KEY: KEY } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("AuditInvalidProof");
    // the refused audit's proof is kept on disk
    expect(JSON.parse(await readFile(join(dir, "v2.json"), "utf8")).submitted).toBeUndefined();
  }, 300_000);

  it("submits to the audit circuit whose verifier accepts the proof when a newer one shares the set's shape", async () => {
    // governance registers a second circuit for sets of 32 rows x 16 features, newer than the classifier's, whose
    // verifier is another model kind's (the tree ensemble audit's): picking by shape alone would choose it
    const source = readFileSync(join(REPO_ROOT, "contracts/verifiers/Trees4x3x8Audit32Verifier.sol"), "utf8");
    const otherVerifier = await deploy(anvil.url, KEY, compileVerifier(source, "Trees4x3x8Audit32Verifier"));
    const audits = { address: deployment.contracts.auditRegistry, abi: auditRegistryAbi } as const;
    const before = await client().readContract({ ...audits, functionName: "auditCircuitCount" });
    const chain = loadDeployment(deploymentPath, 31337);
    await passProposal(protocol(anvil.url, chain), anvil.url, chain, deployment.contracts.governor, KEYS[1] as Hex, {
      targets: [deployment.contracts.auditRegistry],
      values: ["0"],
      calldatas: [
        encodeFunctionData({
          abi: auditRegistryAbi,
          functionName: "registerAuditCircuit",
          args: [otherVerifier, 32, 16],
        }),
      ],
      description: "Register a second audit circuit for 32 x 16 sets (audit e2e)",
    });
    const newest = await client().readContract({ ...audits, functionName: "auditCircuitCount" });
    expect(newest).toBe(before + 1);

    const out = join(dir, "shared-shape.audit.json");
    const result = await trainerCli(
      [
        "audit",
        "--artifact",
        artifactPath,
        "--data",
        rowsPath,
        "--salt",
        "10",
        "--out",
        out,
        "--submit",
        "--model",
        `${modelId}`,
        "--version",
        "1",
        ...connection(),
      ],
      { env: { PRIVATE_KEY: KEY } },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const written = JSON.parse(await readFile(out, "utf8"));
    expect(written.submitted.circuitId).not.toBe(newest);
    const circuit = await client().readContract({
      ...audits,
      functionName: "auditCircuit",
      args: [written.submitted.circuitId],
    });
    expect(circuit.verifier).not.toBe(otherVerifier);
    expect([circuit.rows, circuit.features]).toEqual([32, 16]);
  }, 600_000);

  it("audits a model compiled from ONNX with the audit circuit `npm run model -- audit` generated for it", async () => {
    // the 30-feature logistic regression, compiled; its audit circuit for 8-row sets, registered through governance
    const compileDir = join(dir, "compiled-logistic");
    const compiled = await compileModel(readFileSync(join(REPO_ROOT, "compiler/fixtures/logistic.onnx")), {
      outDir: compileDir,
      setup: false,
      weightsSalt: 4242n,
    });
    const auditDir = join(dir, "compiled-logistic-audit8");
    const auditCircuit = await compileAuditCircuit(compileDir, { rows: 8, outDir: auditDir });
    const verifier = await registerAuditCircuit(auditCircuit);
    const compiledModelId = await registerVersion(compiled.weightsCommitment);

    // eight held-out rows of the model's 30 inputs, with a group and a label column
    const inputs = (
      JSON.parse(readFileSync(join(REPO_ROOT, "compiler/fixtures/heldout.json"), "utf8")) as {
        logistic: { inputs: number[][] };
      }
    ).logistic.inputs;
    const data = join(dir, "compiled-audit.csv");
    await writeCsv(data, {
      columns: [...Array.from({ length: 30 }, (_, i) => `x${i}`), "group", "outcome"],
      rows: inputs.slice(0, 8).map((row, r) => [...row, r % 2, r % 3 === 0 ? 1 : 0]),
    });
    const out = join(dir, "compiled.audit.json");
    const args = ["audit", "--compiled", compileDir, "--circuit", auditDir, "--data", data, "--group", "group"];
    const submit = [
      ...args,
      "--label",
      "outcome",
      "--salt",
      "3",
      "--out",
      out,
      "--submit",
      "--model",
      `${compiledModelId}`,
    ];
    // --version is required with --submit
    expect((await trainerCli(submit)).code).toBe(2);
    const submitted = await trainerCli([...submit, "--version", "1", ...connection()], { env: { PRIVATE_KEY: KEY } });
    expect(submitted.stderr).toBe("");
    expect(submitted.code).toBe(0);
    const written = JSON.parse(await readFile(out, "utf8"));
    expect(written.circuit).toBe("classifier30-audit8");
    const audits = { address: deployment.contracts.auditRegistry, abi: auditRegistryAbi } as const;
    const circuit = await client().readContract({
      ...audits,
      functionName: "auditCircuit",
      args: [written.submitted.circuitId],
    });
    expect(circuit.verifier.toLowerCase()).toBe(verifier.toLowerCase());
    const record = await client().readContract({
      ...audits,
      functionName: "audit",
      args: [compiledModelId, 1, BigInt(written.submitted.auditSetId)],
    });
    expect([record.referenceGroup, record.protectedGroup]).toEqual(written.tally);

    // a data file with the wrong inputs is refused before anything is proven
    const wrong = await trainerCli([...args, "--features", "x0,x1"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/takes 30 features; the audit data gives 2/);

    // the same version's audit circuit with its weights baked in (npm run model -- audit --weights baked), registered
    // beside the shape's: the version's next audit is proven by it, and another version's by the shape's circuit
    const bakedDir = join(dir, "compiled-logistic-audit8-baked");
    const baked = await compileAuditCircuit(compileDir, { rows: 8, outDir: bakedDir, weights: "baked" });
    const bakedVerifier = await registerAuditCircuit(baked);
    const bakedOut = join(dir, "compiled-baked.audit.json");
    /** Proves and submits an audit of `version` on the set under `salt` (its own audit-set registration). */
    const submitWith = (compiledDir: string, circuitDir: string, salt: string, file: string, version: string) =>
      trainerCli(
        [
          ...["audit", "--compiled", compiledDir, "--circuit", circuitDir, "--data", data, "--group", "group"],
          ...["--label", "outcome", "--salt", salt, "--out", file],
          ...["--submit", "--model", `${compiledModelId}`, "--version", version, ...connection()],
        ],
        { env: { PRIVATE_KEY: KEY } },
      );
    const bakedRun = await submitWith(compileDir, bakedDir, "4", bakedOut, "1");
    expect(bakedRun.stderr).toBe("");
    expect(bakedRun.code).toBe(0);
    const bakedWritten = JSON.parse(await readFile(bakedOut, "utf8"));
    expect(bakedWritten.circuit).toBe(baked.id);
    const bakedCircuit = await client().readContract({
      ...audits,
      functionName: "auditCircuit",
      args: [bakedWritten.submitted.circuitId],
    });
    expect(bakedCircuit.verifier.toLowerCase()).toBe(bakedVerifier.toLowerCase());
    // the counts are the version's, whichever circuit proved them: the same rows under another salt
    expect(bakedWritten.tally).toEqual(written.tally);

    // version 2 (the model under another salt) is refused by the baked verifier and proven by the shape's circuit
    const resalted = join(dir, "compiled-logistic-v2");
    const v2 = await compileModel(readFileSync(join(REPO_ROOT, "compiler/fixtures/logistic.onnx")), {
      outDir: resalted,
      setup: false,
      weightsSalt: 4243n,
    });
    await registerVersion(v2.weightsCommitment, compiledModelId);
    const wrongVersion = await submitWith(resalted, bakedDir, "5", join(dir, "v2-baked.audit.json"), "2");
    expect(wrongVersion.code).toBe(1);
    expect(wrongVersion.stderr).toMatch(/generate its own audit circuit/);
    const v2Out = join(dir, "compiled-v2.audit.json");
    const v2Run = await submitWith(resalted, auditDir, "5", v2Out, "2");
    expect(v2Run.stderr).toBe("");
    expect(v2Run.code).toBe(0);
    const v2Written = JSON.parse(await readFile(v2Out, "utf8"));
    expect(v2Written.submitted.circuitId).toBe(written.submitted.circuitId);
  }, 900_000);

  it("refuses bad input with a message that says what to pass", async () => {
    const short = join(dir, "short.csv");
    await writeCsv(short, generateCredit(createPrng(3), { rows: 31, bias: 0, labelNoise: 0 }));
    const fewRows = await trainerCli(["audit", "--artifact", artifactPath, "--data", short]);
    expect(fewRows.code).toBe(1);
    expect(fewRows.stderr).toMatch(/has 31 rows; the audit circuit proves exactly 32: pass a file of 32 rows/);

    const noGroup = await trainerCli(["audit", "--artifact", artifactPath, "--data", rowsPath, "--group", "region"]);
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toMatch(/the audit data has no column "region" \(the protected group\)/);

    const noTarget = await trainerCli(["audit", "--artifact", artifactPath, "--data", rowsPath, "--submit"]);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/--submit needs --model <id>/);

    const both = await trainerCli(["audit", "--artifact", artifactPath, "--compiled", dir, "--data", rowsPath]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --artifact .* or --compiled .*, not both/);
    const noCircuit = await trainerCli(["audit", "--compiled", dir, "--data", rowsPath]);
    expect(noCircuit.code).toBe(2);
    expect(noCircuit.stderr).toMatch(/--compiled needs --circuit/);
    const notCompiled = await trainerCli(["audit", "--compiled", dir, "--circuit", dir, "--data", rowsPath]);
    expect(notCompiled.code).toBe(1);
    expect(notCompiled.stderr).toMatch(/manifest-entry\.json is missing/);
  }, 300_000);
});
