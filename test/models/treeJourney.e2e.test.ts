/**
 * Bringing a gradient-boosted model, end to end on one devnet: the committed credit ensemble
 * (compiler/fixtures/gradient_boosting.onnx: 10 trees of depth 3 on 30 features, trained and exported by
 * compiler/fixtures/generate.py) is compiled by the compiler (quantised, its agreement with onnxruntime-node checked on
 * the held-out rows, tree circuit, dev setup, verifier); its verifier is deployed and the compiler's registration
 * proposal passes governance, registering the circuit in the tree-ensemble family; the owner publishes the model with
 * model.json's commitment; an operator adds the compile folder with `symbiote-oracle models add` (after a model.json
 * with one altered threshold is refused), registers and starts a real node process, which proves a request. The
 * decision read through the SDK with the compile's manifest entry carries, for every tree, the path and leaf the
 * TypeScript reference takes for that input (and so the source model's nodes), and the reference's scores and label.
 * The same model is also compiled for committed inputs and offered on both circuits under one weights commitment: a
 * data owner names the operator's node for its private features, and the node proves a request that carries only their
 * commitment, with the reference's paths.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type CompiledModel,
  compileModel,
  compileTreeEnsemble,
  importOnnx,
  quantizeTreeFeatures,
  registrationProposal,
  type TreeEnsembleModel,
} from "@symbiote/compiler";
import {
  compileVerifier,
  deploy,
  freePort,
  KEYS,
  type LocalProtocol,
  type NodeProcess,
  rpc,
  startLocalProtocol,
  startNodeProcess,
  waitFor,
} from "@symbiote/devnet";
import {
  CircuitFamily,
  type DecodedOutputs,
  modelRegistryAbi,
  publishModel,
  setDataNode,
  tokenAbi,
  waitForDecision,
} from "@symbiote/sdk";
import { type Address, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeInputCommitment } from "../../circuits/src/commitment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";
import { type TreeParameters, treeLayoutFromParameters } from "../../circuits/src/trees/treeParameters.ts";
import { evaluateIntegerTrees, evaluateTreeLayout } from "../../circuits/src/trees/treeReference.ts";
import { passProposal } from "../helpers/governance.ts";

const DEPLOYER = KEYS[0];
/** Holds the token supply: stakes enough to carry the vote alone. */
const TREASURY = KEYS[1];
const REQUESTER = KEYS[2];
const MODEL_OWNER = KEYS[3];
/** Keeps its features private: its operator's node holds them, the chain sees their commitment. */
const DATA_OWNER = KEYS[4];
const INPUT_SALT = 1414213562373095048n;
const SALT = 577215664901532860n;
const heldOut = (
  JSON.parse(readFileSync(resolve(REPO_ROOT, "compiler/fixtures/heldout.json"), "utf8")) as {
    gradient_boosting: { inputs: number[][] };
  }
).gradient_boosting.inputs;

let dir: string;
let chain: LocalProtocol;
let compiled: CompiledModel;
let compiledCommitted: CompiledModel;
let out: string;
let outCommitted: string;
let folder: string;
let modelId: bigint;
let operator: Address;
let node: NodeProcess | undefined;

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "oracle/src/cli/oracle.ts"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SYMBIOTE_ORACLE_HOME: join(dir, "home"), SYMBIOTE_OPERATOR_KEY: undefined },
    encoding: "utf8",
    timeout: 180_000,
  });
}

const onnx = () => readFileSync(resolve(REPO_ROOT, "compiler/fixtures/gradient_boosting.onnx"));
const modelFile = () =>
  JSON.parse(readFileSync(join(out, "model.json"), "utf8")) as { parameters: TreeParameters; weightsSalt: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-trees-journey-"));
  out = join(dir, "credit-gbdt");
  chain = await startLocalProtocol("e2e-trees");
  await chain.p.fundRequester(REQUESTER);
  // the first compile in a fresh clone also makes the 2^14 dev Powers of Tau (minutes); later ones reuse it
  compiled = await compileModel(onnx(), {
    outDir: out,
    inputMode: "public",
    heldOut,
    weightsSalt: SALT,
    // the owner's address, known before registration: operators serve the weights only for a model it owns
    publisher: privateKeyToAccount(MODEL_OWNER).address,
  });
  // the same model on the committed-input circuit: one weights commitment opens in both
  outCommitted = join(dir, "credit-gbdt-committed");
  compiledCommitted = await compileModel(onnx(), {
    outDir: outCommitted,
    inputMode: "committed",
    weightsSalt: SALT,
    publisher: privateKeyToAccount(MODEL_OWNER).address,
  });
}, 1_800_000);

afterAll(async () => {
  await node?.stop();
  await terminateProvers();
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a compiled gradient-boosted ensemble, from ONNX to a proven decision path served by an operator node", () => {
  it("the compile agrees with onnxruntime and writes a proving key, a verifier and the owner's tree layout", () => {
    expect(compiled.id).toBe("trees10x3x30x1-public");
    expect(compiled.agreement?.agreement).toBe(1);
    expect(compiled.setupSkipped).toBeUndefined();
    const file = modelFile();
    expect(file.parameters.format).toBe("symbiote-trees/1");
    expect(BigInt(file.weightsSalt)).toBe(SALT);
    expect(compiled.weightsCommitment).toBe(
      BigInt(JSON.parse(readFileSync(join(out, "model.json"), "utf8")).weightsCommitment),
    );
    expect(compiledCommitted.id).toBe("trees10x3x30x1-committed");
    expect(compiledCommitted.setupSkipped).toBeUndefined();
    expect(compiledCommitted.weightsCommitment).toBe(compiled.weightsCommitment);
  });

  it("governance registers both tree circuits; the owner publishes the model on them", async () => {
    const { p, deployment, anvil } = chain;
    const config = JSON.parse(readFileSync(join(REPO_ROOT, "script/config/local.json"), "utf8")) as {
      circuits: { artifactBaseURI: string };
    };
    const register = async (model: CompiledModel): Promise<number> => {
      const contract = model.manifestEntry.backends[0]?.verifier.contract as string;
      const verifier = await deploy(
        anvil.url,
        DEPLOYER,
        compileVerifier(readFileSync(model.files.verifier as string, "utf8"), contract),
      );
      const proposal = registrationProposal(model.manifestEntry, {
        registry: deployment.registry,
        verifier,
        artifactBaseURI: config.circuits.artifactBaseURI,
      });
      const governor = chain.contracts.governor as Address;
      const receipt = await passProposal(p, anvil.url, deployment, governor, TREASURY, proposal);
      const logs = parseEventLogs({ abi: modelRegistryAbi, eventName: "CircuitRegistered", logs: receipt.logs });
      const registered = logs[0];
      if (!registered) throw new Error("the executed proposal registered no circuit");
      const circuit = await p.publicClient.readContract({
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "circuit",
        args: [registered.args.circuitId],
      });
      expect(circuit.family).toBe(CircuitFamily.TreeEnsemble);
      expect([...circuit.dims]).toEqual([30, 10, 3, 1]);
      expect(circuit.verifier.toLowerCase()).toBe(verifier.toLowerCase());
      return Number(registered.args.circuitId);
    };
    const publicCircuitId = await register(compiled);
    const committedCircuitId = await register(compiledCommitted);

    ({ modelId } = await publishModel(p.wallet(MODEL_OWNER), {
      deployment,
      publicCircuitId,
      committedCircuitId,
      feePerInference: parseEther("1"),
      weightsCommitment: compiled.weightsCommitment,
      metadataURI: "ipfs://symbiote-test/credit-gbdt.card.json",
    }));
  }, 300_000);

  it("models add refuses a model.json with one altered threshold, then adds the compile folder and declares it", async () => {
    const { p, anvil, deploymentPath, deployment } = chain;
    folder = join(dir, "operator");
    const init = cli("init", "--dir", folder, "--rpc", anvil.url, "--deployment", deploymentPath);
    expect(init.status, init.stderr).toBe(0);
    operator = /operator (0x[0-9a-fA-F]{40})/.exec(init.stdout)?.[1] as Address;
    await rpc(anvil.url, "anvil_setBalance", [operator, `0x${parseEther("10").toString(16)}`]);
    const hash = await p.wallet(TREASURY).writeContract({
      address: deployment.token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [operator, parseEther("2000")],
    } as never);
    await p.publicClient.waitForTransactionReceipt({ hash });
    expect(cli("stake", "2000", "--dir", folder).status).toBe(0);

    const tampered = join(dir, "tampered");
    cpSync(out, tampered, { recursive: true });
    const model = modelFile();
    const root = model.parameters.trees[0]?.nodes[0] as [number, string];
    root[1] = String(BigInt(root[1]) + 1n);
    writeFileSync(join(tampered, "model.json"), JSON.stringify(model));
    const refused = cli("models", "add", tampered, "--dir", folder);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("the weights do not open the registry's commitment");

    const added = cli("models", "add", out, "--dir", folder);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added trees10x3x30x1-public \(registry circuit \d+\)/);
    // the version is provable once the store holds every active circuit it is offered on
    const addedCommitted = cli("models", "add", outCommitted, "--dir", folder);
    expect(addedCommitted.status, addedCommitted.stderr).toBe(0);
    expect(addedCommitted.stdout).toMatch(/added trees10x3x30x1-committed \(registry circuit \d+\)/);
    expect(addedCommitted.stdout).toMatch(new RegExp(`declared versions: .*\\b${modelId}:1\\b`));
    const registered = cli("register", "--endpoint", "http://127.0.0.1:9464", "--dir", folder);
    expect(registered.status, registered.stderr).toBe(0);
  }, 300_000);

  it("the node proves a request; every tree's decision path is the TypeScript reference's", async () => {
    const { p, anvil, deployment } = chain;
    const port = await freePort();
    const configPath = join(folder, "oracle.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    writeFileSync(
      configPath,
      JSON.stringify(
        {
          ...config,
          confirmations: 1,
          metrics: { port },
          watcher: { pollIntervalMs: 250 },
          dataStore: { dir: "data" },
        },
        null,
        2,
      ),
    );
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    node = await startNodeProcess({ dir: folder, configPath, env: { SYMBIOTE_ORACLE_HOME: join(dir, "home") } }, port);

    const { layout, scales } = treeLayoutFromParameters(modelFile().parameters);
    const row = heldOut[5] as number[];
    const features = quantizeTreeFeatures(row, scales.featureFracBits);
    const requestId = await p.request(REQUESTER, { modelId, features });
    await chain.fulfillSeeds();
    await waitFor(`request ${requestId} served`, () => p.operatorOf(requestId), 300_000);
    const decision = await waitForDecision(p.publicClient, {
      deployment,
      requestId,
      fromBlock: 0n,
      entries: [compiled.manifestEntry as never],
      timeout: 60_000,
    });
    if (decision.status === "Expired") throw new Error("the request expired");
    const explanation = decision.explanation as Extract<DecodedOutputs, { family: "trees" }>;
    expect(explanation.family).toBe("trees");

    const reference = evaluateTreeLayout(layout, features);
    expect(explanation.paths).toHaveLength(10);
    reference.decisions.forEach((expected, t) => {
      const proven = explanation.paths[t];
      expect(proven?.directions, `tree ${t}`).toEqual(expected.steps.map((s) => (s.right ? "right" : "left")));
      expect(proven?.leaf, `tree ${t}`).toBe(expected.leaf);
      expect(
        proven?.leafValues.map((v) => v.raw),
        `tree ${t}`,
      ).toEqual(expected.values);
    });
    expect(explanation.scores.map((s) => s.raw)).toEqual(reference.scores);
    expect(explanation.label).toBe(reference.label);
    // read against the layout, the proven directions are the source model's walk: the nodes it visits and its leaves
    const source = evaluateIntegerTrees(
      compileTreeEnsemble(importOnnx(onnx()) as TreeEnsembleModel, { inputMode: "public" }).model,
      features,
    );
    source.decisions.forEach((walk, t) => {
      const steps = reference.decisions[t]?.steps ?? [];
      expect(
        steps.flatMap((s) => (s.sourceId === null ? [] : [s.sourceId])),
        `tree ${t}`,
      ).toEqual(walk.path);
      expect(reference.decisions[t]?.leafId, `tree ${t}`).toBe(walk.leafId);
    });
  }, 600_000);

  it("the data owner's node proves a request on its committed features; the paths are the reference's", async () => {
    const { p, deployment } = chain;
    const owner = privateKeyToAccount(DATA_OWNER).address;
    // the owner proposes the operator's node for its committed data; the operator accepts with its CLI
    await setDataNode(p.wallet(DATA_OWNER), { deployment, node: operator });
    const accepted = cli("data-node", "accept", owner, "--dir", folder);
    expect(accepted.status, accepted.stderr).toBe(0);

    const { layout, scales } = treeLayoutFromParameters(modelFile().parameters);
    const features = quantizeTreeFeatures(heldOut[9] as number[], scales.featureFracBits);
    const inputCommitment = computeInputCommitment("trees", features, INPUT_SALT);
    await p.registerInputs(DATA_OWNER, [inputCommitment]);
    mkdirSync(join(folder, "data"), { recursive: true });
    writeFileSync(
      join(folder, "data", `${inputCommitment.toString(16).padStart(64, "0")}.json`),
      JSON.stringify({ inputs: features.map(String), salt: INPUT_SALT.toString() }),
    );
    await p.fundRequester(DATA_OWNER);
    const requestId = await p.request(DATA_OWNER, { modelId, inputCommitment, dataOwner: owner });
    await chain.fulfillSeeds();
    const prover = await waitFor(`request ${requestId} served`, () => p.operatorOf(requestId), 300_000);
    // only the node the owner named holds the features: it proved the request
    expect(prover.toLowerCase()).toBe(operator.toLowerCase());
    const decision = await waitForDecision(p.publicClient, {
      deployment,
      requestId,
      fromBlock: 0n,
      entries: [compiledCommitted.manifestEntry as never],
      timeout: 60_000,
    });
    if (decision.status === "Expired") throw new Error("the request expired");
    const explanation = decision.explanation as Extract<DecodedOutputs, { family: "trees" }>;
    const reference = evaluateTreeLayout(layout, features);
    expect(explanation.paths.map((path) => path.leaf)).toEqual(reference.decisions.map((d) => d.leaf));
    expect(explanation.paths.map((path) => path.directions)).toEqual(
      reference.decisions.map((d) => d.steps.map((s) => (s.right ? "right" : "left"))),
    );
    expect(explanation.scores.map((v) => v.raw)).toEqual(reference.scores);
    expect(explanation.label).toBe(reference.label);
  }, 600_000);
});
