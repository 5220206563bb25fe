/**
 * The SDK's actions on one real devnet: anvil with the protocol deployed by the project's deploy script, an operator
 * staked and registered through the SDK, and a real operator node proving requests with the committed Groth16 keys.
 * Also: every refusal comes back as a typed, decoded error (real reverts from anvil, never a raw selector), and the
 * log reader reports a log a reorg removed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Anvil,
  DEMO_CLASSIFIER_VERSIONS,
  demoModel,
  KEYS,
  type LocalProtocol,
  prepareNode,
  rpc,
  startLocalProtocol,
} from "@symbiote/devnet";
import {
  claimRewards,
  coordinatorAbi,
  createLogReader,
  type Deployment,
  DeploymentError,
  dataRegistryAbi,
  decodeOutputs,
  deposit,
  FeatureCountError,
  getDecision,
  grantAccess,
  InsufficientGasFundsError,
  InsufficientTokenBalanceError,
  modelRegistryAbi,
  ProtocolRevertError,
  parseDeployment,
  publishModel,
  quantize,
  RpcUnreachableError,
  registerOperator,
  requestInference,
  setDataNode,
  stake,
  stakingVaultAbi,
  tokenAbi,
  UnknownModelError,
  WrongChainError,
  waitForDecision,
  withdrawDeposit,
} from "@symbiote/sdk";
import { createPublicClient, createWalletClient, getAbiItem, type Hex, http, parseEther, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { foundry, sepolia } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "../oracle/helpers/node.ts";

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const TREASURY = KEYS[1];

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];

const wallet = (key: Hex) =>
  createWalletClient({
    account: privateKeyToAccount(key),
    chain: foundry,
    transport: http(anvil.url),
    pollingInterval: 200,
  });

/** Features as real numbers, in range, with both signs. */
const FEATURES = Array.from({ length: 16 }, (_, i) => ((i % 5) - 2) * 0.75 + i / 16);

beforeAll(async () => {
  chain = await startLocalProtocol("e2e-sdk");
  ({ anvil, deploymentPath, dir, p } = chain);
  // read back the way an integrator does, from the deployment file
  deployment = parseDeployment(JSON.parse(readFileSync(deploymentPath, "utf8")), 31337, deploymentPath);
  const treasury = wallet(TREASURY);
  for (const key of [OPERATOR, REQUESTER]) {
    await p.publicClient.waitForTransactionReceipt({
      hash: await treasury.writeContract({
        address: deployment.token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [privateKeyToAccount(key).address, parseEther("3000")],
      }),
    });
  }
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

describe("sdk actions on a devnet", () => {
  it("stakes and registers an operator, requests an inference and waits for its decoded decision", async () => {
    const operator = wallet(OPERATOR);
    await stake(operator, { deployment, amount: parseEther("2000") });
    await registerOperator(operator, { deployment, endpoint: "http://127.0.0.1" });
    expect(
      await p.publicClient.readContract({
        address: deployment.vault,
        abi: stakingVaultAbi,
        functionName: "activeStakeOf",
        args: [operator.account.address],
      }),
    ).toBe(parseEther("2000"));
    await p.declare(OPERATOR, DEMO_CLASSIFIER_VERSIONS);
    const setup = await prepareNode(join(dir, "op"), { rpc: [anvil.url], deployment: deploymentPath, key: OPERATOR });
    node = await startNode(setup);
    await rpc(anvil.url, "evm_setIntervalMining", [1]);

    // model 2 takes public inputs: the SDK quantizes and packs them, and approves the fee
    const requester = wallet(REQUESTER);
    const sent = await requestInference(requester, { deployment, modelId: 2n, features: FEATURES });
    expect(sent.request.modelId).toBe(2n);
    // the Chainlink node's part: answer the round's seed request through the local VRF mock
    await chain.fulfillSeeds();

    const decision = await waitForDecision(requester, {
      deployment,
      requestId: sent.requestId,
      fromBlock: sent.blockNumber,
      confirmations: 2,
      timeout: 150_000,
    });
    if (decision.status === "Expired") throw new Error("the request expired");
    expect(decision.status).toBe("Fulfilled");
    expect(decision.operator).toBe(operator.account.address);
    const reference = inferClassifier(
      demoModel("classifier16-public").model as ClassifierModel,
      FEATURES.map((x, i) => quantize(x, `feature ${i}`)),
    );
    expect(decision.explanation).toMatchObject({ family: "classifier", decision: reference.decision });
    if (decision.explanation.family !== "classifier") throw new Error("not a classifier explanation");
    expect(decision.explanation.contributions.map((c) => c.raw)).toEqual(reference.contributions);
    expect(decision.explanation.score.raw).toBe(reference.score);

    const read = await getDecision(requester, { deployment, requestId: sent.requestId });
    expect(read.status).toBe("Fulfilled");
    expect(read.fulfillment?.explanation).toEqual(decision.explanation);
    const decoded = await decodeOutputs(requester, {
      deployment,
      circuitId: sent.request.circuitId,
      outputs: decision.outputs,
    });
    expect(decoded).toEqual(decision.explanation);
  }, 300_000);

  it("deposits, withdraws, sets a data node, grants access and publishes a model", async () => {
    const requester = wallet(REQUESTER);
    const owner = requester.account.address;
    await deposit(requester, { deployment, amount: parseEther("5") });
    await withdrawDeposit(requester, { deployment, amount: parseEther("2") });
    expect(
      await p.publicClient.readContract({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "depositOf",
        args: [owner],
      }),
    ).toBe(parseEther("3"));

    const operatorAddress = privateKeyToAccount(OPERATOR).address;
    await setDataNode(requester, { deployment, node: operatorAddress });
    const lender = privateKeyToAccount(KEYS[3]).address;
    const now = (await p.publicClient.getBlock()).timestamp;
    await grantAccess(requester, { deployment, requester: lender, modelId: 1n, expiresAt: now + 3_600n, maxUses: 2 });
    const grant = await p.publicClient.readContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "grantOf",
      args: [owner, lender, 1n],
    });
    expect(grant).toMatchObject({ maxUses: 2 });

    const model = await p.publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "model",
      args: [2n],
    });
    const count = await p.publicClient.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "modelCount",
    });
    const { modelId } = await publishModel(requester, {
      deployment,
      publicCircuitId: model.publicCircuitId,
      committedCircuitId: 0,
      feePerInference: parseEther("1"),
      weightsCommitment: 12_345n,
      metadataURI: "ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
    });
    expect(modelId).toBe(count + 1n);
  });

  it("decodes refusals into typed errors with actionable messages", async () => {
    const requester = wallet(REQUESTER);
    // a real revert from the coordinator, by name and arguments
    const available = await p.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "depositOf",
      args: [requester.account.address],
    });
    const tooMuch = await withdrawDeposit(requester, { deployment, amount: parseEther("1000") }).catch((e) => e);
    expect(tooMuch).toBeInstanceOf(ProtocolRevertError);
    expect(tooMuch.errorName).toBe("CoordinatorDepositTooLow");
    expect(tooMuch.args).toEqual([available, parseEther("1000")]);
    expect(tooMuch.message).not.toMatch(/0x[0-9a-f]{8}\b/);
    // a real revert from the data rewards, raised by a contract viem did not call by name
    const claim = await claimRewards(requester, {
      deployment,
      modelId: 1n,
      version: 1,
      contributionId: 1n,
      weight: 1n,
      proof: [zeroHash],
    }).catch((e) => e);
    expect(claim).toBeInstanceOf(ProtocolRevertError);
    expect(claim.errorName).toMatch(/^DataRewards/);

    await expect(requestInference(requester, { deployment, modelId: 99n, features: FEATURES })).rejects.toThrow(
      UnknownModelError,
    );
    await expect(requestInference(requester, { deployment, modelId: 2n, features: FEATURES.slice(3) })).rejects.toThrow(
      /model 2 takes 16 features .* but 13 were given/,
    );
    await expect(requestInference(requester, { deployment, modelId: 2n, features: [1] })).rejects.toBeInstanceOf(
      FeatureCountError,
    );
    await expect(stake(requester, { deployment, amount: parseEther("1000000") })).rejects.toThrow(
      InsufficientTokenBalanceError,
    );

    // a fresh account without ETH: the call itself is fine, its gas cannot be paid
    const broke = privateKeyToAccount(generatePrivateKey());
    const noGas = await setDataNode(
      createWalletClient({ account: broke, chain: foundry, transport: http(anvil.url) }),
      {
        deployment,
        node: privateKeyToAccount(OPERATOR).address,
      },
    ).catch((e) => e);
    expect(noGas).toBeInstanceOf(InsufficientGasFundsError);
    expect(noGas.message).toMatch(/send ETH to/);

    const offline = createWalletClient({
      account: broke,
      chain: foundry,
      transport: http("http://127.0.0.1:9", { retryCount: 0 }),
    });
    await expect(requestInference(offline, { deployment, modelId: 2n, features: FEATURES })).rejects.toBeInstanceOf(
      RpcUnreachableError,
    );
    // a client for another chain than the RPC's
    const elsewhere = createWalletClient({
      account: requester.account,
      chain: sepolia,
      transport: http(anvil.url),
    });
    await expect(
      setDataNode(elsewhere, { deployment, node: privateKeyToAccount(OPERATOR).address }),
    ).rejects.toBeInstanceOf(WrongChainError);
    expect(() => parseDeployment(JSON.parse(readFileSync(deploymentPath, "utf8")), 1, "dev.json")).toThrow(
      DeploymentError,
    );
  });

  it("reports a log once, and as removed when a reorg replaces its block", async () => {
    await node?.stop();
    node = undefined;
    // one block per transaction again, so the test decides which blocks exist
    await rpc(anvil.url, "evm_setIntervalMining", [0]);
    await rpc(anvil.url, "evm_setAutomine", [true]);
    const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const treasury = wallet(TREASURY);
    const to = privateKeyToAccount(KEYS[4]).address;
    const fromBlock = (await client.getBlockNumber()) + 1n;
    const reader = createLogReader(client, {
      address: deployment.token,
      event: getAbiItem({ abi: tokenAbi, name: "Transfer" }),
      args: { to },
      fromBlock,
    });
    const snapshot = await rpc(anvil.url, "evm_snapshot");
    await client.waitForTransactionReceipt({
      hash: await treasury.writeContract({
        address: deployment.token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [to, 7n],
      }),
    });
    const first = await reader.poll();
    expect(first.logs.map((l) => l.args.value)).toEqual([7n]);
    expect((await reader.poll()).logs).toEqual([]);

    // the block is replaced by a longer chain without the transfer
    await rpc(anvil.url, "evm_revert", [snapshot]);
    await rpc(anvil.url, "anvil_mine", ["0x3"]);
    const after = await reader.poll();
    expect(after.removed.map((l) => l.transactionHash)).toEqual(first.logs.map((l) => l.transactionHash));
    expect(after.logs).toEqual([]);
  });
});
