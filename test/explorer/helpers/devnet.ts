/**
 * A devnet with something to explore: anvil, the protocol deployed by the project's deploy path, an in-process
 * operator node proving with real Groth16 proofs, and requests in every state the explorer shows — fulfilled
 * (committed and public inputs), fulfilled with a failed callback, expired with the operator slashed, pending — plus
 * a model version flagged through a real governance proposal (propose, vote, queue, execute; anvil's clock is moved
 * forward between the steps instead of waiting), a data contribution with consent and an access grant. The node's
 * model store holds model 1's card (the deploy's sample cards, script/config/cards/), which it serves by digest.
 *
 * Run on its own to look around: `npx tsx test/explorer/helpers/devnet.ts` prints the explorer's URL and keeps
 * everything up until Ctrl-C.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type Anvil,
  consumerParams,
  DEMO_CLASSIFIER_VERSIONS,
  demoCard,
  KEYS,
  prepareNode,
  recordingConsumerAbi,
  requestIdOf,
  rpc,
  startLocalProtocol,
  waitFor,
} from "@symbiote/devnet";
import {
  auditRegistryAbi,
  coordinatorAbi,
  dataRegistryAbi,
  governorAbi,
  modelRegistryAbi,
  packFeatures,
  stakingVaultAbi,
  tokenAbi,
} from "@symbiote/sdk";
import {
  type Address,
  encodeFunctionData,
  type Hex,
  keccak256,
  maxUint256,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
  zeroHash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { computeInputCommitment } from "../../../circuits/src/commitment.ts";
import type { Deployment } from "../../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../../circuits/src/manifest.ts";
import { SeededRandom } from "../../../circuits/src/randomModels.ts";
import type { OperatorNode } from "../../../oracle/src/node/operatorNode.ts";
import { startNode } from "../../oracle/helpers/node.ts";

export const OPERATOR_KEY = KEYS[5];
export const REQUESTER_KEY = KEYS[2];
/** Holds the token supply; stakes enough to propose and carry a vote alone. */
export const TREASURY_KEY = KEYS[1];
export const GRANTEE = privateKeyToAccount(KEYS[3]).address;
export const FLAG_REASON = "ipfs://symbiote-audits/sample-classifier-public-v1-bias.json";
/** The demo model whose card the operator node's store holds (model 1, the committed-input classifier). */
export const HELD_CARD = "sample-classifier-committed";

/** The requests the devnet made, by the state the explorer should show. */
export type DevnetRequests = {
  committed: bigint;
  public: bigint;
  callbackFailed: bigint;
  expired: bigint;
  pending: bigint;
};

export type Devnet = {
  anvil: Anvil;
  /** The data owner's private features behind the committed request (and the public requests' inputs). */
  features: bigint[];
  deploymentPath: string;
  deployment: Deployment;
  node: OperatorNode;
  operator: Address;
  requester: Address;
  requests: DevnetRequests;
  /** The model and version governance flagged. */
  flagged: { modelId: bigint; version: number; proposalId: bigint };
  /** A model whose version 1 has a proven audit recorded: the audit fixture's, on the fixture's audit set. */
  audited: { modelId: bigint; version: number; auditSetId: bigint };
  stop: () => Promise<void>;
};

const anvilCall = (anvil: Anvil, method: string, params: unknown[] = []) => rpc(anvil.url, method, params);

/** Moves anvil's clock forward and mines a block at the new time. */
async function advance(anvil: Anvil, seconds: number): Promise<void> {
  await anvilCall(anvil, "evm_increaseTime", [seconds]);
  await anvilCall(anvil, "evm_mine");
}

function artifactBytecode(path: string): Hex {
  return (JSON.parse(readFileSync(resolve(REPO_ROOT, path), "utf8")) as { bytecode: { object: Hex } }).bytecode.object;
}

/**
 * Builds the devnet (several minutes on two cores: the deploy compiles and broadcasts the protocol, each proof takes
 * seconds). `stop` ends the node and anvil and removes the deployment file.
 */
export type DevnetOptions = {
  log?: (line: string) => void;
  /** A built explorer: the operator node serves it at /explorer/ (its `explorer` config). */
  explorerDist?: string;
};

export async function startDevnet({ log = () => {}, explorerDist }: DevnetOptions = {}): Promise<Devnet> {
  log("deploying the protocol (deployLocal)…");
  const chain = await startLocalProtocol("e2e-explorer");
  const { anvil, deploymentPath, deployment, dir, p } = chain;
  let node: OperatorNode | undefined;
  const stop = async () => {
    await node?.stop();
    await chain.stop();
  };
  try {
    const operator = privateKeyToAccount(OPERATOR_KEY).address;
    const requester = privateKeyToAccount(REQUESTER_KEY).address;
    const send = async (key: Hex, call: Record<string, unknown>) => {
      const hash = await p.wallet(key).writeContract(call as never);
      const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted (${hash})`);
      return receipt;
    };

    log("operator, requester, data node…");
    // the operator declares the MLP too, though its store holds no MLP weights (`models declare` would refuse it): it
    // is drawn for the MLP request, never proves it, and is slashed
    await p.registerOperator(OPERATOR_KEY, undefined, [...DEMO_CLASSIFIER_VERSIONS, { modelId: 3n, version: 1 }]);
    await p.fundRequester(REQUESTER_KEY);
    await p.setDataNode(REQUESTER_KEY, OPERATOR_KEY);
    await rpc(anvil.url, "evm_setIntervalMining", [1]);

    const setup = await prepareNode(join(dir, "op"), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key: OPERATOR_KEY,
      // the node holds model 1's card (and serves it at /cards/<sha256>); models 2 and 3's cards are not in its store
      cards: [demoCard(HELD_CARD)],
      extra: {
        // the MLP declaration above must stay for the node to miss its request: a node withdraws, at start, the
        // declarations of versions it will not prove
        declarations: { withdrawUnservable: false },
        ...(explorerDist ? { explorer: { enabled: true, dist: explorerDist } } : {}),
      },
    });
    const features = new SeededRandom(42n).vector(16);
    const inputSalt = 987654321n;
    const inputCommitment = computeInputCommitment("classifier", features, inputSalt);
    writeFileSync(
      join(setup.dir, "data", `${inputCommitment.toString(16).padStart(64, "0")}.json`),
      JSON.stringify({ inputs: features.map(String), salt: inputSalt.toString() }),
    );
    await p.registerInputs(REQUESTER_KEY, [inputCommitment]);
    node = await startNode(setup);

    // a consumer whose callback always reverts: its request is fulfilled and paid, the callback recorded as failed
    const consumerDeploy = await p.wallet(REQUESTER_KEY).deployContract({
      abi: recordingConsumerAbi,
      bytecode: artifactBytecode("out/TestConsumers.sol/RevertingConsumer.json"),
      args: [],
      dataSuffix: `0x${deployment.coordinator.slice(2).padStart(64, "0")}${deployment.token.slice(2).padStart(64, "0")}`,
    } as never);
    const consumer = (await p.publicClient.waitForTransactionReceipt({ hash: consumerDeploy }))
      .contractAddress as Address;
    await send(TREASURY_KEY, {
      address: deployment.token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [consumer, parseEther("100")],
    });

    log("requests: committed, public, failing callback, unservable (MLP)…");
    const committed = await p.request(REQUESTER_KEY, {
      modelId: 1n,
      inputCommitment,
      dataOwner: requester,
    });
    const publicId = await p.request(REQUESTER_KEY, { modelId: 2n, features });
    const callbackFailed = await requestIdOf(
      p,
      deployment,
      await p.wallet(REQUESTER_KEY).writeContract({
        address: consumer,
        abi: recordingConsumerAbi,
        functionName: "request",
        args: [
          consumerParams({ modelId: 2n, inputMode: 0, inputWords: packFeatures(features), callbackGasLimit: 50_000 }),
        ],
      } as never),
    );
    // the node holds no MLP weights: this request is drawn for it (it declared the MLP), never proven, and expires
    const expired = await p.request(REQUESTER_KEY, {
      modelId: 3n,
      features: new SeededRandom(7n).vector(16),
    });
    await chain.fulfillSeeds();
    for (const id of [committed, publicId, callbackFailed]) {
      log(`waiting for request ${id}'s proof…`);
      await waitFor(
        `request ${id} fulfilled`,
        async () => {
          const d = await p.decisionOf(id);
          return d.status === 2 || d.status === 3 ? d : undefined;
        },
        240_000,
      );
    }

    log("governance: the treasury stakes, proposes to flag model 2 v1, votes, queues, executes…");
    const proposalStake = parseEther("20000");
    await send(TREASURY_KEY, {
      address: deployment.token,
      abi: tokenAbi,
      functionName: "approve",
      args: [deployment.vault, maxUint256],
    });
    await send(TREASURY_KEY, {
      address: deployment.vault,
      abi: stakingVaultAbi,
      functionName: "stake",
      args: [proposalStake],
    });
    await advance(anvil, 2);
    const governor = chain.contracts.governor as Address;
    const targets = [deployment.registry] as const;
    const calldatas = [
      encodeFunctionData({ abi: modelRegistryAbi, functionName: "flagVersion", args: [2n, 1, FLAG_REASON] }),
    ] as const;
    const description = "Flag sample-classifier-public v1: audit found a disparate approval rate";
    const descriptionHash = keccak256(toHex(description));
    await send(TREASURY_KEY, {
      address: governor,
      abi: governorAbi,
      functionName: "propose",
      args: [targets, [0n], calldatas, description],
    });
    const proposalId = await p.publicClient.readContract({
      address: governor,
      abi: governorAbi,
      functionName: "hashProposal",
      args: [targets, [0n], calldatas, descriptionHash],
    });
    const settings = await Promise.all(
      (["votingDelay", "votingPeriod"] as const).map((functionName) =>
        p.publicClient.readContract({ address: governor, abi: governorAbi, functionName }),
      ),
    );
    await advance(anvil, Number(settings[0]) + 1);
    await send(TREASURY_KEY, {
      address: governor,
      abi: governorAbi,
      functionName: "castVoteWithReason",
      args: [proposalId, 1, "bias report reviewed"],
    });
    await advance(anvil, Number(settings[1]) + 1);
    await send(TREASURY_KEY, {
      address: governor,
      abi: governorAbi,
      functionName: "queue",
      args: [targets, [0n], calldatas, descriptionHash],
    });
    const eta = await p.publicClient.readContract({
      address: governor,
      abi: governorAbi,
      functionName: "proposalEta",
      args: [proposalId],
    });
    const now = (await p.publicClient.getBlock()).timestamp;
    await advance(anvil, Number(eta - now) + 1);
    await send(TREASURY_KEY, {
      address: governor,
      abi: governorAbi,
      functionName: "execute",
      args: [targets, [0n], calldatas, descriptionHash],
    });

    log("expiry: past the MLP request's deadline, cancelled, the operator slashed…");
    const request = await p.requestOf(expired);
    const timeNow = (await p.publicClient.getBlock()).timestamp;
    await advance(anvil, Number(request.deadline - timeNow) + 1);
    await send(TREASURY_KEY, {
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "cancelExpired",
      args: [[request]],
    });
    const pending = await p.request(REQUESTER_KEY, {
      modelId: 3n,
      features: new SeededRandom(8n).vector(16),
    });
    // its round's seed: the operator is drawn (it declared the MLP), and holds no MLP weights, so it stays pending
    await chain.fulfillSeeds();

    log("data: a contribution with consent and an access grant…");
    await send(REQUESTER_KEY, {
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "registerContribution",
      args: [
        keccak256(toHex("applicant records, 2026 batch")),
        "ipfs://symbiote-data/applicant-records-2026.json",
        { training: true, inference: true, allModels: true, modelIds: [] },
      ],
    });
    const later = (await p.publicClient.getBlock()).timestamp + 30n * 86_400n;
    await send(REQUESTER_KEY, {
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "grantAccess",
      args: [GRANTEE, 1n, later, 5],
    });
    const audited = await recordFixtureAudit(deploymentPath, deployment, send);
    return {
      anvil,
      features,
      deploymentPath,
      deployment,
      node,
      operator,
      requester,
      requests: { committed, public: publicId, callbackFailed, expired, pending },
      flagged: { modelId: 2n, version: 1, proposalId },
      audited,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The audit fixture (`npm run circuits:audit`): a real proof of a classifier's counts on a 32-row audit set. */
const AUDIT_FIXTURE = resolve(REPO_ROOT, "test/fixtures/audit/classifier16-audit32-groth16.json");
export const AUDIT_CARD_URI = "ipfs://symbiote-audit/credit-audit-set.card.json";

/**
 * Registers a model whose version 1 is the audit fixture's weights commitment, registers the fixture's audit set and
 * submits its proof through the deployed AuditRegistry, which verifies it: a version with a recorded audit.
 */
async function recordFixtureAudit(
  deploymentPath: string,
  deployment: Deployment,
  send: (key: Hex, call: Record<string, unknown>) => Promise<TransactionReceipt>,
): Promise<Devnet["audited"]> {
  const auditRegistry = deployment.auditRegistry;
  if (!auditRegistry) throw new Error("the deployment names no auditRegistry");
  const fixture = JSON.parse(readFileSync(AUDIT_FIXTURE, "utf8")) as {
    weightsCommitment: string;
    auditSetCommitment: string;
    proof: { a: string[]; b: string[][]; c: string[]; publicSignals: string[] };
  };
  const circuits = (JSON.parse(readFileSync(deploymentPath, "utf8")) as { circuits: { key: string; id: number }[] })
    .circuits;
  const committed = circuits.find((c) => c.key === "classifier16-committed/groth16");
  if (!committed) throw new Error("no classifier16-committed circuit in the deployment");
  const registered = await send(REQUESTER_KEY, {
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "registerModel",
    args: [
      0,
      committed.id,
      0n,
      false,
      {
        weightsCommitment: BigInt(fixture.weightsCommitment),
        trainingDataRoot: zeroHash,
        totalDataWeight: 0n,
        metadataURI: "ipfs://symbiote-audit/audited-model-card.json",
      },
    ],
  });
  const [model] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: registered.logs });
  if (!model) throw new Error("registerModel emitted no ModelRegistered");
  const setReceipt = await send(REQUESTER_KEY, {
    address: auditRegistry,
    abi: auditRegistryAbi,
    functionName: "registerAuditSet",
    args: [BigInt(fixture.auditSetCommitment), 32, 16, keccak256(toHex("audit card")), AUDIT_CARD_URI],
  });
  const [set] = parseEventLogs({ abi: auditRegistryAbi, eventName: "AuditSetRegistered", logs: setReceipt.logs });
  if (!set) throw new Error("registerAuditSet emitted no AuditSetRegistered");
  // the classifier's audit circuit: the first the deployment registers (script/Deploy.s.sol, `_auditCircuits`)
  const circuitId = 1;
  const words = (values: string[]) => values.map(BigInt);
  const [b0, b1] = fixture.proof.b as [string[], string[]];
  await send(REQUESTER_KEY, {
    address: auditRegistry,
    abi: auditRegistryAbi,
    functionName: "submitAudit",
    args: [
      model.args.modelId,
      1,
      set.args.auditSetId,
      circuitId,
      BigInt(fixture.proof.publicSignals[0] as string),
      { a: words(fixture.proof.a), b: [words(b0), words(b1)], c: words(fixture.proof.c) },
    ],
  });
  return { modelId: model.args.modelId, version: 1, auditSetId: set.args.auditSetId };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { serveExplorer } = await import("../../../explorer/serve.ts");
  const devnet = await startDevnet({ log: (line) => console.log(line) });
  try {
    const explorer = await serveExplorer({
      source: { rpcUrl: devnet.anvil.url, deploymentFile: devnet.deploymentPath },
      outDir: join(tmpdir(), `symbiote-explorer-dist-${devnet.anvil.port}`),
    });
    const ids = JSON.stringify(devnet.requests, (_, v) => (typeof v === "bigint" ? Number(v) : v));
    console.log(`explorer: ${explorer.url}  (anvil ${devnet.anvil.url}, requests ${ids})`);
    const shutdown = () =>
      void explorer
        .close()
        .then(() => devnet.stop())
        .then(() => process.exit(0));
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  } catch (error) {
    console.error(error);
    await devnet.stop();
    process.exit(1);
  }
}
