/**
 * The front-run of a first publication, against a deployed protocol. A model owner hands its weights to an operator,
 * each file naming the owner as its publisher, before registering them; a stranger copies a commitment from the
 * owner's pending registration and registers it first under a model of its own (its own owner, its own training-data
 * root), and the owner's registration then reverts. Another copy is handed to the owner after registration, keeping
 * the stranger's data root. The operator's store matches weights by commitment, so it holds the weights of both copies;
 * the binding keeps it off them: `register` declares the owner's versions and not the copies (naming the publisher and
 * the owner), `status` lists them as not served, and the node, whose store could prove them, skips a request on a copy
 * (open to every operator: nobody declared it) while it proves one on the owner's model. A file naming no publisher is
 * not served either, until the operator binds it on import (`models sync --from <folder> --publisher <owner>`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type Anvil,
  circuitIdOf,
  FAMILY_CIRCUITS,
  KEYS,
  type LocalProtocol,
  type NodeSetup,
  prepareNode,
  type RegisteredModel,
  registerFamilyModel,
  rpc,
  startLocalProtocol,
  testModel,
  waitFor,
} from "@symbiote/devnet";
import { coordinatorAbi, modelRegistryAbi, RequestStatus, revertName, stakingVaultAbi } from "@symbiote/sdk";
import { type Hex, parseEther, parseEventLogs, zeroAddress, zeroHash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "./helpers/node.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const OWNER = KEYS[3];
const STRANGER = KEYS[4];
const OPERATOR = KEYS[5];
const REQUESTER = KEYS[6];
const owner = privateKeyToAccount(OWNER).address;
const stranger = privateKeyToAccount(STRANGER).address;
const operator = privateKeyToAccount(OPERATOR).address;
const OWNER_ROOT = `0x${"0a".repeat(32)}` as Hex;
const STRANGER_ROOT = `0x${"0b".repeat(32)}` as Hex;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let p: LocalProtocol["p"];
let setup: NodeSetup;
let node: OperatorNode | undefined;
/** Registered by the owner, its file bound to the owner. */
let owned: RegisteredModel;
/** The owner's weights, handed over bound to the owner, registered first by the stranger. */
const frontRun = testModel("copied/front-run", "classifier");
let frontRunCopy: bigint;
/** The owner's weights trained on the owner's data, registered by the stranger with its own root, then given to the owner. */
const gifted = testModel("copied/gifted", "classifier");
let giftedCopy: bigint;
/** Registered by the owner, but handed over in a file that names no publisher. */
const unbound = testModel("copied/unbound", "classifier");
let unboundModel: bigint;

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args, "--config", setup.configPath], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...setup.env },
  });
}

/** `registerModel` on the classifier's two Groth16 circuits from `key`, with a training-data root; the new model's id. */
async function registerModel(key: Hex, commitment: bigint, root: Hex, weight: bigint): Promise<bigint> {
  const hash = await p.wallet(key).writeContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "registerModel",
    args: registerArgs(commitment, root, weight),
  } as never);
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`registerModel ${hash} reverted`);
  const [event] = parseEventLogs({ abi: modelRegistryAbi, eventName: "ModelRegistered", logs: receipt.logs });
  if (!event) throw new Error(`no ModelRegistered event in ${hash}`);
  return event.args.modelId;
}

function registerArgs(commitment: bigint, root: Hex, weight: bigint) {
  return [
    circuitIdOf(deploymentPath, `${FAMILY_CIRCUITS.classifier.public}/groth16`),
    circuitIdOf(deploymentPath, `${FAMILY_CIRCUITS.classifier.committed}/groth16`),
    parseEther("1"),
    false,
    { weightsCommitment: commitment, trainingDataRoot: root, totalDataWeight: weight, metadataURI: "ipfs://copy" },
  ] as const;
}

function serves(modelId: bigint): Promise<boolean> {
  return p.publicClient.readContract({
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "servesVersion",
    args: [operator, modelId, 1],
  });
}

beforeAll(async () => {
  chain = await startLocalProtocol("copied-weights");
  ({ anvil, deploymentPath, deployment, p } = chain);
  await p.fundRequester(REQUESTER);
  await p.fundAndStake(OPERATOR);
  owned = await registerFamilyModel(p, deployment, deploymentPath, OWNER, "classifier", "copied/owned");
  // the stranger front-runs the owner's registration with the commitment it read in the mempool
  frontRunCopy = await registerModel(STRANGER, frontRun.commitment, STRANGER_ROOT, 7n);
  // and registers a second one with its own contributors' root, then hands the model to the owner
  giftedCopy = await registerModel(STRANGER, gifted.commitment, STRANGER_ROOT, 5n);
  const gift = await p.wallet(STRANGER).writeContract({
    address: deployment.registry,
    abi: modelRegistryAbi,
    functionName: "transferModelOwnership",
    args: [giftedCopy, owner],
  } as never);
  await p.publicClient.waitForTransactionReceipt({ hash: gift });
  unboundModel = await registerModel(OWNER, unbound.commitment, zeroHash, 0n);

  // what the owner handed over: files naming it as publisher (the gifted one with the data it was trained on), and
  // one older file that names none
  setup = await prepareNode(join(chain.dir, "op"), {
    rpc: [anvil.url],
    deployment: deploymentPath,
    key: OPERATOR,
    models: [
      { commitment: owned.commitment, artifact: owned.artifact, name: "owned" },
      { commitment: frontRun.commitment, artifact: { ...frontRun.artifact, publisher: owner }, name: "front-run" },
      {
        commitment: gifted.commitment,
        artifact: { ...gifted.artifact, publisher: owner, trainingData: { merkleRoot: OWNER_ROOT, totalWeight: "5" } },
        name: "gifted",
      },
      { commitment: unbound.commitment, artifact: unbound.artifact, name: "unbound" },
    ],
  });
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

describe("weights copied under a stranger's model are not served", () => {
  it("the owner's own registration of the front-run weights reverts: the griefing that remains", async () => {
    const refusal = await p.publicClient
      .simulateContract({
        account: privateKeyToAccount(OWNER),
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "registerModel",
        args: registerArgs(frontRun.commitment, OWNER_ROOT, 7n),
      })
      .then(
        () => undefined,
        (error: unknown) => revertName(error),
      );
    expect(refusal).toBe("RegistryCommitmentAlreadyPublished");
  });

  it("register declares the owner's versions and none of the copies, saying why each is not served", async () => {
    const result = cli("register", "--endpoint", "http://127.0.0.1:9464");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`declared versions: .*\\b${owned.modelId}:1\\b`));
    expect(result.stderr).toContain(
      `not declared model ${frontRunCopy} version 1: weights were handed over for publisher ${owner} but model ${frontRunCopy} is owned by ${stranger}: a copy; not served`,
    );
    expect(result.stderr).toContain(
      `not declared model ${giftedCopy} version 1: the weights were trained on data root ${OWNER_ROOT} (total weight 5) but model ${giftedCopy} version 1 records ${STRANGER_ROOT} (5): a copy under someone else's contributors; not served`,
    );
    expect(result.stderr).toContain(`not declared model ${unboundModel} version 1: the weights under 0x`);
    expect(result.stderr).toContain("name no publisher");
    const declared = await Promise.all([owned.modelId, frontRunCopy, giftedCopy, unboundModel].map(serves));
    expect(declared).toEqual([true, false, false, false]);
    // the deploy's demo models, handed over for their owner, are declared as before
    expect(await serves(1n)).toBe(true);
  });

  it("status lists the copies and the unbound file as not served", () => {
    const status = cli("status");
    expect(status.status, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as { notServed: string[]; declaredVersions: string[] };
    expect(shown.declaredVersions).toContain(`${owned.modelId}:1`);
    const notServed = shown.notServed.join("\n");
    expect(notServed).toContain(`model ${frontRunCopy} version 1: weights were handed over for publisher ${owner}`);
    expect(notServed).toContain(`model ${giftedCopy} version 1: the weights were trained on data root ${OWNER_ROOT}`);
    expect(notServed).toContain(`model ${unboundModel} version 1: the weights under 0x`);
    expect(shown.notServed).toHaveLength(3);
  });

  it("the node proves a request on the owner's model and skips one on the copy, though the copy is open to it", async () => {
    node = await startNode(setup);
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    const ownedRequest = await p.request(REQUESTER, { modelId: owned.modelId, features: owned.inputs });
    const copyRequest = await p.request(REQUESTER, { modelId: frontRunCopy, features: frontRun.inputs });
    await chain.fulfillSeeds();
    await waitFor(`request ${ownedRequest} fulfilled`, async () =>
      (await p.decisionOf(ownedRequest)).status === RequestStatus.Fulfilled ? true : undefined,
    );
    expect(await p.operatorOf(ownedRequest)).toBe(operator);
    const skipped = await waitFor(`the node to skip request ${copyRequest}`, async () => {
      const job = node?.store.get(copyRequest);
      return job?.state === "skipped" ? job : undefined;
    });
    expect(skipped.note).toContain(`but model ${frontRunCopy} is owned by ${stranger}: a copy; not served`);
    // nobody declared the copy, so the round's seed drew nobody: the request was open to this node all along
    const assigned = await p.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "publicAssignment",
      args: [(await p.requestOf(copyRequest)).round, copyRequest, frontRunCopy, 1],
    });
    expect(assigned).toBe(zeroAddress);
    expect((await p.decisionOf(copyRequest)).status).toBe(RequestStatus.Pending);
    await node.stop();
    node = undefined;
  }, 180_000);

  it("models sync --from --publisher binds a file that names no publisher, and skips one bound to someone else", () => {
    const folder = join(chain.dir, "handed-over");
    mkdirSync(folder);
    const asFile = (m: typeof unbound, extra: object = {}) =>
      JSON.stringify({
        ...m.artifact,
        ...extra,
        weightsCommitment: { value: m.commitment.toString(), salt: m.weightsSalt.toString() },
      });
    writeFileSync(join(folder, "unbound.json"), asFile(unbound));
    writeFileSync(join(folder, "front-run.json"), asFile(frontRun, { publisher: owner }));
    // bound to the stranger: the operator vouches for the owner, and a file handed over for another is not rebound
    const wrong = cli("models", "sync", "--from", folder, "--publisher", stranger);
    expect(wrong.stderr).toContain(
      `skipping front-run.json: ${join(folder, "front-run.json")} was handed over for publisher ${owner}, not ${stranger}`,
    );
    const bound = cli("models", "sync", "--from", folder, "--publisher", owner);
    expect(bound.status, bound.stderr).toBe(0);
    expect(bound.stderr).toContain(`imported unbound.json for publisher ${owner}`);
    expect(bound.stderr).toContain(`imported front-run.json for publisher ${owner}`);
    expect(bound.stdout).toMatch(new RegExp(`declared versions: .*\\b${unboundModel}:1\\b`));
    expect(bound.stdout).not.toMatch(new RegExp(`declared versions: .*\\b${frontRunCopy}:1\\b`));
  }, 300_000);
});
