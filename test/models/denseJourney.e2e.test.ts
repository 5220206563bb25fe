/**
 * A dense network with two hidden layers (8-8-8-3, a PyTorch-style Linear/ReLU stack written by the compiler's ONNX
 * writer), end to end on one devnet: compiled (quantised, its agreement with onnxruntime-node checked on held-out
 * rows, the generated dense circuit, dev setup, verifier); its verifier deployed and the compiler's registration
 * proposal passed through governance; the owner publishes the model with model.json's commitment; an operator adds the
 * compile folder with `symbiote-oracle models add` (after a model.json with one altered hidden weight is refused),
 * registers and starts a real node process, which proves a request; the decision read through the SDK with the
 * compile's manifest entry carries exactly the integer reference's logits and arg-max. The same network is also
 * compiled for committed inputs and offered on both circuits under one weights commitment: the node a data owner
 * named opens the owner's private features under the dense circuit's commitment family and proves the request.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CompiledModel, compileModel, registrationProposal, writeDenseModel } from "@symbiote/compiler";
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
import { CircuitFamily, modelRegistryAbi, publishModel, setDataNode, tokenAbi, waitForDecision } from "@symbiote/sdk";
import { type Address, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentFamily, computeInputCommitment } from "../../circuits/src/commitment.ts";
import { evaluateDense } from "../../circuits/src/dense/denseModel.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";
import { rng } from "../../compiler/test/treeHelpers.ts";
import { passProposal } from "../helpers/governance.ts";

const DEPLOYER = KEYS[0];
/** Holds the token supply: stakes enough to carry the vote alone. */
const TREASURY = KEYS[1];
const REQUESTER = KEYS[2];
const MODEL_OWNER = KEYS[3];
/** Holds private features and names the operator's node to serve requests on them. */
const DATA_OWNER = KEYS[4];
const INPUT_SALT = 1732050807568877293n;
const SALT = 161803398874989n;
const WIDTHS = [8, 8, 8, 3];
const random = rng(20261204);
/** A float network of WIDTHS with ReLU between layers, as a PyTorch Linear/ReLU stack exports it. */
const layers = WIDTHS.slice(1).map((out, l) => ({
  weights: Array.from({ length: out }, () => Array.from({ length: WIDTHS[l] as number }, () => random() * 2 - 1)),
  bias: Array.from({ length: out }, () => random() - 0.5),
  relu: l < WIDTHS.length - 2,
}));
const heldOut = Array.from({ length: 32 }, () => Array.from({ length: WIDTHS[0] as number }, () => random() * 4 - 2));

let dir: string;
let chain: LocalProtocol;
let compiled: CompiledModel;
let compiledCommitted: CompiledModel;
let out: string;
let outCommitted: string;
let operator: Address;
let folder: string;
let modelId: bigint;
let node: NodeProcess | undefined;

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "oracle/src/cli/oracle.ts"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SYMBIOTE_ORACLE_HOME: join(dir, "home"), SYMBIOTE_OPERATOR_KEY: undefined },
    encoding: "utf8",
    timeout: 180_000,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-dense-journey-"));
  out = join(dir, "credit-mlp");
  chain = await startLocalProtocol("e2e-dense");
  await chain.p.fundRequester(REQUESTER);
  // the first compile in a fresh clone also makes the 2^13 dev Powers of Tau (minutes); later ones reuse it
  compiled = await compileModel(writeDenseModel(layers), {
    outDir: out,
    inputMode: "public",
    heldOut,
    weightsSalt: SALT,
    // the owner's address, known before registration: operators serve the weights only for a model it owns
    publisher: privateKeyToAccount(MODEL_OWNER).address,
  });
  // the same network on the committed-input circuit: one weights commitment opens in both
  outCommitted = join(dir, "credit-mlp-committed");
  compiledCommitted = await compileModel(writeDenseModel(layers), {
    outDir: outCommitted,
    inputMode: "committed",
    weightsSalt: SALT,
    // the owner's address, known before registration: operators serve the weights only for a model it owns
    publisher: privateKeyToAccount(MODEL_OWNER).address,
  });
}, 1_200_000);

/** The integer network model.json holds, as the node reads it. */
function modelFromFile() {
  const params = JSON.parse(readFileSync(join(out, "model.json"), "utf8")).parameters as {
    layers: { weights: string[][]; bias: string[]; relu: boolean }[];
  };
  return {
    inputs: WIDTHS[0] as number,
    layers: params.layers.map((layer) => ({
      weights: layer.weights.map((r) => r.map(BigInt)),
      bias: layer.bias.map(BigInt),
      relu: layer.relu,
    })),
  };
}

/** What the compiler's quantizeInputs does to a held-out row: float32, then round(x * 2^16). */
const quantized = (row: number[]) => Array.from(Float32Array.from(row), (x) => BigInt(Math.round(x * 65536)));

afterAll(async () => {
  await node?.stop();
  await terminateProvers();
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a compiled two-hidden-layer network, from ONNX to a proven decision served by an operator node", () => {
  it("the compile agrees with onnxruntime and writes a proving key, a verifier and the owner's model file", () => {
    expect(compiled.id).toBe("mlp8x8x8x3-public");
    expect(compiledCommitted.id).toBe("mlp8x8x8x3-committed");
    expect(compiledCommitted.weightsCommitment).toBe(compiled.weightsCommitment);
    expect(compiled.manifestEntry.shape).toEqual({ family: "dense", widths: WIDTHS });
    expect(compiled.agreement?.agreement).toBeGreaterThanOrEqual(0.99);
    expect(compiled.setupSkipped).toBeUndefined();
    expect(compiled.weightsCommitment).toBe(
      BigInt(JSON.parse(readFileSync(join(out, "model.json"), "utf8")).weightsCommitment),
    );
  });

  it("governance registers both dense circuits; the owner publishes the model on them", async () => {
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
      expect(circuit.family).toBe(CircuitFamily.Dense);
      expect(circuit.shape[0]).toBe(8);
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
      metadataURI: "ipfs://symbiote-test/credit-mlp.card.json",
    }));
  }, 300_000);

  it("models add refuses a model.json whose weights were altered, then adds the compile folder and declares it", async () => {
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
    const model = JSON.parse(readFileSync(join(tampered, "model.json"), "utf8"));
    const row = model.parameters.layers[1].weights[2];
    // one step toward zero keeps the weight in the compact range: only the commitment can refuse it
    row[5] = String(BigInt(row[5]) > 0n ? BigInt(row[5]) - 1n : BigInt(row[5]) + 1n);
    writeFileSync(join(tampered, "model.json"), JSON.stringify(model));
    const refused = cli("models", "add", tampered, "--dir", folder);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("the weights do not open the registry's commitment");

    const added = cli("models", "add", out, "--dir", folder);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added mlp8x8x8x3-public \(registry circuit \d+\)/);
    // the version is provable once the store holds every active circuit it is offered on
    const addedCommitted = cli("models", "add", outCommitted, "--dir", folder);
    expect(addedCommitted.status, addedCommitted.stderr).toBe(0);
    expect(addedCommitted.stdout).toMatch(/added mlp8x8x8x3-committed \(registry circuit \d+\)/);
    expect(addedCommitted.stdout).toMatch(new RegExp(`declared versions: .*\\b${modelId}:1\\b`));
    const registered = cli("register", "--endpoint", "http://127.0.0.1:9464", "--dir", folder);
    expect(registered.status, registered.stderr).toBe(0);
  }, 300_000);

  it("request refuses a wrong feature count for the compiled network before sending anything", () => {
    const short = cli("request", modelId.toString(), "--features", "0.5,1", "--dir", folder);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain(`model ${modelId} takes 8 features and --features has 2; pass exactly 8`);
  }, 60_000);

  it("the node proves a request; the decision's logits and arg-max are the integer reference's", async () => {
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

    const features = quantized(heldOut[3] as number[]);
    const requestId = await p.request(REQUESTER, { modelId, features });
    await chain.fulfillSeeds();
    await waitFor(`request ${requestId} served`, () => p.operatorOf(requestId), 240_000);
    const decision = await waitForDecision(p.publicClient, {
      deployment,
      requestId,
      fromBlock: 0n,
      entries: [compiled.manifestEntry as never],
      timeout: 60_000,
    });
    if (decision.status === "Expired") throw new Error("the request expired");
    const reference = evaluateDense(modelFromFile(), features);
    const explanation = decision.explanation as { family: string; logits: { raw: bigint }[]; predictedClass: number };
    expect(explanation.family).toBe("dense");
    expect(explanation.logits.map((logit) => logit.raw)).toEqual(reference.logits);
    expect(explanation.predictedClass).toBe(reference.argmax);
  }, 400_000);

  it("the data owner's node proves a request on its committed features; the logits are the reference's", async () => {
    const { p, deployment } = chain;
    const owner = privateKeyToAccount(DATA_OWNER).address;
    // the owner proposes the operator's node for its committed data; the operator accepts with its CLI
    await setDataNode(p.wallet(DATA_OWNER), { deployment, node: operator });
    const accepted = cli("data-node", "accept", owner, "--dir", folder);
    expect(accepted.status, accepted.stderr).toBe(0);

    const features = quantized(heldOut[9] as number[]);
    // a dense circuit checks its inputs under the MLP family's commitment, which the node's data store opens
    const family = commitmentFamily(compiledCommitted.manifestEntry.shape as never);
    expect(family).toBe("mlp");
    const inputCommitment = computeInputCommitment(family, features, INPUT_SALT);
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
    const explanation = decision.explanation as { family: string; logits: { raw: bigint }[]; predictedClass: number };
    const reference = evaluateDense(modelFromFile(), features);
    expect(explanation.family).toBe("dense");
    expect(explanation.logits.map((logit) => logit.raw)).toEqual(reference.logits);
    expect(explanation.predictedClass).toBe(reference.argmax);
  }, 600_000);
});
