/**
 * Bringing your own model, end to end on one devnet: the committed 30-feature logistic regression
 * (compiler/fixtures/logistic.onnx, trained and exported by compiler/fixtures/generate.py) is compiled by the
 * compiler (quantised, its agreement with onnxruntime-node checked on the held-out rows, circuit, dev setup,
 * verifier); its verifier is deployed and the compiler's registration proposal passes governance (propose, vote,
 * queue, execute); the owner publishes the model with model.json's commitment; an operator adds the compile folder
 * with `symbiote-oracle models add`, registers and starts a real node process, which proves a request; the decision
 * read through the SDK with the compile's manifest entry carries exactly the integer reference's contributions,
 * score and decision. A tampered model.json and a wrong feature count are refused by the CLI, by name.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type CompiledModel, compileModel, registrationProposal } from "@symbiote/compiler";
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
import { modelRegistryAbi, publishModel, tokenAbi, waitForDecision } from "@symbiote/sdk";
import { type Address, parseEther, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { terminateProvers } from "../../circuits/src/prover.ts";
import { passProposal } from "../helpers/governance.ts";

const DEPLOYER = KEYS[0];
/** Holds the token supply: stakes enough to carry the vote alone. */
const TREASURY = KEYS[1];
const REQUESTER = KEYS[2];
const MODEL_OWNER = KEYS[3];
const SALT = 314159265358979n;
const heldOut = (
  JSON.parse(readFileSync(resolve(REPO_ROOT, "compiler/fixtures/heldout.json"), "utf8")) as {
    logistic: { inputs: number[][] };
  }
).logistic.inputs;

let dir: string;
let chain: LocalProtocol;
let compiled: CompiledModel;
let out: string;
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
  dir = mkdtempSync(join(tmpdir(), "symbiote-models-journey-"));
  out = join(dir, "credit-logistic");
  chain = await startLocalProtocol("e2e-models");
  await chain.p.fundRequester(REQUESTER);
  // the first compile in a fresh clone also makes the 2^12 dev Powers of Tau (minutes); later ones reuse it
  compiled = await compileModel(readFileSync(resolve(REPO_ROOT, "compiler/fixtures/logistic.onnx")), {
    outDir: out,
    inputMode: "public",
    heldOut,
    weightsSalt: SALT,
  });
}, 900_000);

afterAll(async () => {
  await node?.stop();
  await terminateProvers();
  await chain?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a compiled model, from ONNX to a proven decision served by an operator node", () => {
  it("the compile agrees with onnxruntime and writes a proving key, a verifier and the owner's model file", () => {
    expect(compiled.id).toBe("classifier30-public");
    expect(compiled.agreement?.agreement).toBeGreaterThanOrEqual(0.99);
    expect(compiled.setupSkipped).toBeUndefined();
    expect(compiled.weightsCommitment).toBe(
      BigInt(JSON.parse(readFileSync(join(out, "model.json"), "utf8")).weightsCommitment),
    );
  });

  it("governance registers the compiled circuit; the owner publishes the model on it", async () => {
    const { p, deployment, anvil } = chain;
    const contract = compiled.manifestEntry.backends[0]?.verifier.contract as string;
    const verifier = await deploy(
      anvil.url,
      DEPLOYER,
      compileVerifier(readFileSync(compiled.files.verifier as string, "utf8"), contract),
    );
    const config = JSON.parse(readFileSync(join(REPO_ROOT, "script/config/local.json"), "utf8")) as {
      circuits: { artifactBaseURI: string };
    };
    const proposal = registrationProposal(compiled.manifestEntry, {
      registry: deployment.registry,
      verifier,
      artifactBaseURI: config.circuits.artifactBaseURI,
    });
    const receipt = await passProposal(
      p,
      anvil.url,
      deployment,
      chain.contracts.governor as Address,
      TREASURY,
      proposal,
    );
    const [registered] = parseEventLogs({ abi: modelRegistryAbi, eventName: "CircuitRegistered", logs: receipt.logs });
    if (!registered) throw new Error("the executed proposal registered no circuit");
    const circuit = await p.publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [registered.args.circuitId],
    });
    expect(circuit.shape[0]).toBe(30);
    expect(circuit.verifier.toLowerCase()).toBe(verifier.toLowerCase());

    ({ modelId } = await publishModel(p.wallet(MODEL_OWNER), {
      deployment,
      publicCircuitId: registered.args.circuitId,
      committedCircuitId: 0,
      feePerInference: parseEther("1"),
      weightsCommitment: compiled.weightsCommitment,
      metadataURI: "ipfs://symbiote-test/credit-logistic.card.json",
    }));
  }, 300_000);

  it("models add refuses a model.json whose weights were altered, then adds the compile folder and declares it", async () => {
    const { p, anvil, deploymentPath, deployment } = chain;
    folder = join(dir, "operator");
    const init = cli("init", "--dir", folder, "--rpc", anvil.url, "--deployment", deploymentPath);
    expect(init.status, init.stderr).toBe(0);
    const operator = /operator (0x[0-9a-fA-F]{40})/.exec(init.stdout)?.[1] as Address;
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
    model.parameters.weights[0] = String(BigInt(model.parameters.weights[0]) + 1n);
    writeFileSync(join(tampered, "model.json"), JSON.stringify(model));
    const refused = cli("models", "add", tampered, "--dir", folder);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("the weights do not open the registry's commitment");

    // compiled without --publisher: the operator binds model.json to the owner who handed the folder over
    const added = cli("models", "add", out, "--dir", folder, "--publisher", privateKeyToAccount(MODEL_OWNER).address);
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/added classifier30-public \(registry circuit \d+\)/);
    expect(added.stdout).toMatch(new RegExp(`declared versions: .*\\b${modelId}:1\\b`));
    const registered = cli("register", "--endpoint", "http://127.0.0.1:9464", "--dir", folder);
    expect(registered.status, registered.stderr).toBe(0);
  }, 300_000);

  it("request refuses a wrong feature count for the compiled model before sending anything", () => {
    const short = cli("request", modelId.toString(), "--features", "0.5,1", "--dir", folder);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain(`model ${modelId} takes 30 features and --features has 2; pass exactly 30`);
  }, 60_000);

  it("the node proves a request; the decision's contributions are the integer reference's", async () => {
    const { p, anvil, deployment } = chain;
    const port = await freePort();
    const configPath = join(folder, "oracle.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    writeFileSync(
      configPath,
      JSON.stringify({ ...config, confirmations: 1, metrics: { port }, watcher: { pollIntervalMs: 250 } }, null, 2),
    );
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    node = await startNodeProcess({ dir: folder, configPath, env: { SYMBIOTE_ORACLE_HOME: join(dir, "home") } }, port);

    const row = heldOut[3] as number[];
    // what the compiler's quantizeInputs does: float32, then round(x * 2^16)
    const features = Array.from(Float32Array.from(row), (x) => BigInt(Math.round(x * 65536)));
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
    const params = JSON.parse(readFileSync(join(out, "model.json"), "utf8")).parameters;
    const model: ClassifierModel = {
      weights: params.weights.map(BigInt),
      bias: BigInt(params.bias),
      threshold: BigInt(params.threshold),
    };
    const reference = inferClassifier(model, features);
    const explanation = decision.explanation as {
      family: string;
      contributions: { raw: bigint }[];
      score: { raw: bigint };
      decision: boolean;
    };
    expect(explanation.family).toBe("classifier");
    expect(explanation.contributions.map((c) => c.raw)).toEqual(reference.contributions);
    expect(explanation.score.raw).toBe(reference.score);
    expect(explanation.decision).toBe(reference.decision);
  }, 400_000);
});
