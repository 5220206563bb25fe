import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Anvil, KEYS, type LocalProtocol, prepareNode, rpc, startLocalProtocol, waitFor } from "@symbiote/devnet";
import {
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  getDecisionTrail,
  modelRegistryAbi,
  quantize,
  tokenAbi,
} from "@symbiote/sdk";
import { type Address, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { loadManifest } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import type { ChainAccess } from "../../trainer/src/data/chainAccess.ts";
import { claimRewards, sweepRewards } from "../../trainer/src/data/claim.ts";
import { registerContribution, setContributionConsent } from "../../trainer/src/data/contribute.ts";
import { generateCredit } from "../../trainer/src/data/credit.ts";
import { createPrng } from "../../trainer/src/data/prng.ts";
import { publishModel } from "../../trainer/src/data/publish.ts";
import {
  AlreadyPublishedError,
  ConsentNotFinalError,
  NoTrainingConsentError,
  NothingToClaimError,
  TrainingConsentedError,
} from "../../trainer/src/data/rewardErrors.ts";
import { type RewardsFile, readRewardsFile } from "../../trainer/src/data/rewardsFile.ts";
import { type ModelArtifact, quantizedFromArtifact, readArtifact } from "../../trainer/src/train/artifact.ts";
import { startNode } from "../oracle/helpers/node.ts";
import { trainClassifier, writeContributorDatasets } from "./helpers/contributors.ts";
import { trainerCli } from "./helpers/trainerCli.ts";

// anvil dev keys: 0 deployed (and owns the model here), 1 is the treasury, 5 runs the operator node.
const MODEL_OWNER = KEYS[0];
const OPERATOR = KEYS[5];
const REQUESTER = KEYS[7];
/** Three contributors who keep their consent, and erin, who withdraws hers before the version is published. */
const CONTRIBUTOR_KEYS = { alice: KEYS[2], bob: KEYS[3], carol: KEYS[4], erin: KEYS[6] } as const;
type Name = keyof typeof CONTRIBUTOR_KEYS;
const NAMES = Object.keys(CONTRIBUTOR_KEYS) as Name[];
const CONSENTING: Name[] = ["alice", "bob", "carol"];
/** An odd fee, so that the fee split and the accumulator both round. */
const FEE = 1_234_567_890_123_456_789n;
const PRECISION = 10n ** 36n;

let chain: LocalProtocol;
let anvil: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let dir: string;
let node: OperatorNode | undefined;
let p: LocalProtocol["p"];
let treasury: Address;

// filled in as the story goes
const ids = {} as Record<Name, bigint>;
let artifact: ModelArtifact;
let artifactPath: string;
let rewards: RewardsFile;
let modelId: bigint;
let dataPerInference: bigint;
const paid = { alice: 0n, bob: 0n, carol: 0n, erin: 0n } as Record<Name, bigint>;

const publicClient = () => createPublicClient({ chain: foundry, transport: http(anvil.url), pollingInterval: 200 });
const address = (key: Hex) => privateKeyToAccount(key).address;
function accessFor(key: Hex): ChainAccess {
  return {
    publicClient: publicClient(),
    walletClient: createWalletClient({ chain: foundry, transport: http(anvil.url), account: privateKeyToAccount(key) }),
    deployment,
  };
}
const balanceOf = (who: Address) =>
  publicClient().readContract({ address: deployment.token, abi: tokenAbi, functionName: "balanceOf", args: [who] });
const weightOf = (name: Name) =>
  rewards.leaves.find((leaf) => leaf.contributionId === ids[name])?.weight ?? expect.fail(`${name} has no leaf`);

/**
 * The pool maths, written out from the rules in docs/training.md rather than taken from the contract: each deposit
 * raises the reward per unit of weight by floor((deposited − distributed) × 1e36 / W), `distributed` is the whole
 * tree's claim rounded up, and a leaf of weight w has accrued floor(w × rewardPerWeight / 1e36).
 */
const pool = {
  deposited: 0n,
  distributed: 0n,
  rewardPerWeight: 0n,
  deposit(amount: bigint) {
    const total = BigInt(rewards.totalWeight);
    this.deposited += amount;
    this.rewardPerWeight += ((this.deposited - this.distributed) * PRECISION) / total;
    this.distributed = (this.rewardPerWeight * total + PRECISION - 1n) / PRECISION;
  },
  accrued(weight: bigint) {
    return (weight * this.rewardPerWeight) / PRECISION;
  },
};

beforeAll(async () => {
  chain = await startLocalProtocol("rewards-e2e");
  ({ anvil, deploymentPath, deployment, dir, p } = chain);
  await writeContributorDatasets(join(dir, "data"));
  await p.registerOperator(OPERATOR);
  await p.fundRequester(REQUESTER);
  treasury = await publicClient().readContract({
    address: deployment.dataRewards,
    abi: dataRewardsAbi,
    functionName: "treasury",
  });
  const shares = await publicClient().readContract({
    address: deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "feeShares",
  });
  dataPerInference = (FEE * BigInt(shares.dataBps)) / 10_000n;
  // Generous: under CI the deploy shares two cores with the other suites.
}, 900_000);

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

/** Sends `count` public-input requests for the model from applicants' rows, and returns them with their features. */
async function requestInferences(count: number, seed: number) {
  const applicants = generateCredit(createPrng(seed), { rows: count, bias: 0, labelNoise: 0 });
  const sent: { id: bigint; features: bigint[] }[] = [];
  for (const row of applicants.rows) {
    const features = artifact.features.map((name) =>
      quantize(row[applicants.columns.indexOf(name)] as number, `feature ${name}`),
    );
    const id = await p.request(REQUESTER, { modelId, features });
    sent.push({ id, features });
  }
  // the Chainlink node's part: answer the round's seed request through the local VRF mock
  await chain.fulfillSeeds();
  return sent;
}

/** Waits until the node has fulfilled every request, and checks each proven output against the model's own inference. */
async function expectFulfilled(sent: { id: bigint; features: bigint[] }[]) {
  const model = quantizedFromArtifact(artifact).model as ClassifierModel;
  const manifest = loadManifest();
  for (const { id, features } of sent) {
    await waitFor(`request ${id} fulfilled`, async () => ((await p.decisionOf(id)).status === 2 ? true : undefined));
    const trail = await getDecisionTrail(publicClient(), { deployment, manifest, requestId: id });
    expect(trail.model).toMatchObject({ id: modelId, version: 1, trainingDataRoot: rewards.trainingDataRoot });
    expect(trail.operator).toBe(address(OPERATOR));
    expect(trail.outputs).toEqual(inferClassifier(model, features).explanationWords);
  }
}

async function claim(name: Name) {
  const before = await balanceOf(address(CONTRIBUTOR_KEYS[name]));
  const result = await claimRewards({ ...accessFor(CONTRIBUTOR_KEYS[name]), rewards, contributionId: ids[name] });
  expect(result.owner).toBe(address(CONTRIBUTOR_KEYS[name]));
  expect((await balanceOf(result.owner)) - before).toBe(result.amount);
  paid[name] += result.amount;
  expect(result.paidOut).toBe(paid[name]);
  return result;
}

describe("contributor rewards end to end: register, train, publish, paid inferences, claims and the sweep", () => {
  it("four contributors register their datasets' commitments with consent; erin withdraws hers", async () => {
    const idsMap: Record<string, string> = {};
    for (const name of NAMES) {
      const { contributionId, datasetCommitment } = await registerContribution({
        ...accessFor(CONTRIBUTOR_KEYS[name]),
        datasetPath: join(dir, "data", `${name}.csv`),
        metadataURI: `ipfs://symbiote-test/${name}-license.json`,
        consent: { training: true, inference: true, models: "all" },
      });
      ids[name] = contributionId;
      idsMap[`${name}.csv`] = contributionId.toString();
      const onChain = await publicClient().readContract({
        address: deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "contribution",
        args: [contributionId],
      });
      expect(onChain.owner).toBe(address(CONTRIBUTOR_KEYS[name]));
      expect(onChain.datasetCommitment).toBe(datasetCommitment);
    }
    writeFileSync(join(dir, "ids.json"), JSON.stringify(idsMap));
    await setContributionConsent({ ...accessFor(CONTRIBUTOR_KEYS.erin), contributionId: ids.erin, consent: null });
    const erin = await publicClient().readContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "currentConsent",
      args: [ids.erin],
    });
    expect(erin.training).toBe(false);
  });

  it("trains on the registered datasets and publishes the version with its root, model store entry and rewards file", async () => {
    artifactPath = join(dir, "credit.json");
    artifact = await trainClassifier(join(dir, "data"), artifactPath, { ids: join(dir, "ids.json") });
    for (const c of artifact.contributions) expect(BigInt(c.weight)).toBeGreaterThan(0n);

    const opDir = join(dir, "op");
    const setup = await prepareNode(opDir, { rpc: [anvil.url], deployment: deploymentPath, key: OPERATOR });
    const result = await publishModel({
      ...accessFor(MODEL_OWNER),
      artifact,
      artifactPath,
      metadataURI: "ipfs://symbiote-test/credit.card.json",
      feePerInference: FEE,
      rewardsPath: join(dir, "credit.rewards.json"),
      modelStoreDir: join(setup.dir, "models"),
    });
    modelId = result.modelId;
    expect(result.registered).toBe(true);
    expect(result.version).toBe(1);
    expect(result.circuits.public).toBeGreaterThan(0);
    expect(result.modelStorePath && existsSync(result.modelStorePath)).toBe(true);
    // trained without --publisher: publish bound the file (and the store's copy) to its signer before sending
    expect(artifact.publisher).toBeUndefined();
    expect((await readArtifact(artifactPath)).publisher).toBe(address(MODEL_OWNER));
    expect(JSON.parse(readFileSync(result.modelStorePath as string, "utf8")).publisher).toBe(address(MODEL_OWNER));

    const version = await publicClient().readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "version",
      args: [modelId, 1],
    });
    expect(version.trainingDataRoot).toBe(artifact.trainingData.merkleRoot);
    expect(version.totalDataWeight).toBe(BigInt(artifact.trainingData.totalWeight));
    expect(version.weightsCommitment).toBe(BigInt(artifact.weightsCommitment.value));
    expect(version.metadataURI).toBe("ipfs://symbiote-test/credit.card.json");
    const model = await publicClient().readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "model",
      args: [modelId],
    });
    expect(model.owner).toBe(address(MODEL_OWNER));
    expect(model.feePerInference).toBe(FEE);

    rewards = await readRewardsFile(result.rewardsPath);
    expect(rewards).toEqual(result.rewards);
    expect(rewards.publishedAt).toBe(version.publishedAt);
    for (const name of NAMES) {
      const leaf = rewards.leaves.find((l) => l.contributionId === ids[name]);
      expect(leaf?.file).toBe(`${name}.csv`);
      expect(leaf?.trainingConsent).toBe(name !== "erin");
    }

    // the same weights cannot be published twice
    await expect(
      publishModel({
        ...accessFor(MODEL_OWNER),
        artifact,
        artifactPath,
        metadataURI: "ipfs://x",
        feePerInference: FEE,
        rewardsPath: join(dir, "again.rewards.json"),
      }),
    ).rejects.toBeInstanceOf(AlreadyPublishedError);
    expect(existsSync(join(dir, "again.rewards.json"))).toBe(false);

    // consent at publication is final from the next block on; this chain mines only on transactions, so none comes
    const alice = { ...accessFor(CONTRIBUTOR_KEYS.alice), rewards, contributionId: ids.alice };
    await expect(claimRewards({ ...alice, finalityWaitMs: 1_500 })).rejects.toBeInstanceOf(ConsentNotFinalError);

    // from here on a block a second, so the node's confirmations accrue without transactions
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    // a claim right after publication waits for that next block instead of failing (and finds nothing accrued yet)
    await expect(claimRewards(alice)).rejects.toBeInstanceOf(NothingToClaimError);
    node = await startNode(setup);
  }, 300_000);

  it("five paid inferences with real proofs; alice's claim deposits their data share and pays her pro rata", async () => {
    await expectFulfilled(await requestInferences(5, 501));
    const [, data] = await publicClient().readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "versionEarnings",
      args: [modelId, 1],
    });
    expect(data).toBe(5n * dataPerInference);

    const result = await claim("alice");
    pool.deposit(5n * dataPerInference);
    expect(result.flushed).toBe(5n * dataPerInference);
    expect(result.amount).toBe(pool.accrued(weightOf("alice")));
    await expect(
      claimRewards({ ...accessFor(CONTRIBUTOR_KEYS.alice), rewards, contributionId: ids.alice }),
    ).rejects.toBeInstanceOf(NothingToClaimError);
  }, 300_000);

  it("five more; each consenting contributor has claimed exactly weight × accumulated − already paid", async () => {
    await expectFulfilled(await requestInferences(5, 502));
    const bob = await claim("bob");
    pool.deposit(5n * dataPerInference);
    expect(bob.flushed).toBe(5n * dataPerInference);
    expect(bob.amount).toBe(pool.accrued(weightOf("bob")));
    const alice = await claim("alice");
    expect(alice.amount).toBe(pool.accrued(weightOf("alice")) - (paid.alice - alice.amount));

    // carol claims through the CLI, as a contributor would
    const before = await balanceOf(address(CONTRIBUTOR_KEYS.carol));
    const rewardsPath = join(dir, "credit.rewards.json");
    const cli = await trainerCli(
      [
        "claim",
        "--rewards",
        rewardsPath,
        "--contribution",
        String(ids.carol),
        "--rpc",
        anvil.url,
        "--deployment",
        deploymentPath,
      ],
      { env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.carol } },
    );
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const printed = BigInt(/claimed [\d.]+ tokens \((\d+) wei\) for contribution/.exec(cli.stdout)?.[1] ?? "-1");
    expect(printed).toBe(pool.accrued(weightOf("carol")));
    expect((await balanceOf(address(CONTRIBUTOR_KEYS.carol))) - before).toBe(printed);
    paid.carol = printed;

    // every consenting leaf's total is its pro-rata share of all deposits, rounded down by less than 2 wei
    const total = BigInt(rewards.totalWeight);
    for (const name of CONSENTING) {
      expect(paid[name]).toBe(pool.accrued(weightOf(name)));
      const exact = weightOf(name) * pool.deposited; // the pro-rata share × total weight
      expect(paid[name] * total).toBeLessThanOrEqual(exact);
      expect(exact - paid[name] * total).toBeLessThan(2n * total);
    }
  }, 300_000);

  it("erin's leaf, without consent at publication, cannot claim; the sweep sends its share to the treasury", async () => {
    await expect(
      claimRewards({ ...accessFor(CONTRIBUTOR_KEYS.erin), rewards, contributionId: ids.erin }),
    ).rejects.toBeInstanceOf(NoTrainingConsentError);
    await expect(sweepRewards({ ...accessFor(REQUESTER), rewards, contributionIds: [ids.bob] })).rejects.toBeInstanceOf(
      TrainingConsentedError,
    );

    const treasuryBefore = await balanceOf(treasury);
    // permissionless: the requester, a stranger to the data, sweeps
    const swept = await sweepRewards({ ...accessFor(REQUESTER), rewards });
    expect(swept.treasury).toBe(treasury);
    expect(swept.swept.map((s) => s.contributionId)).toEqual([ids.erin]);
    expect(swept.total).toBe(pool.accrued(weightOf("erin")));
    expect((await balanceOf(treasury)) - treasuryBefore).toBe(swept.total);
    paid.erin = swept.total;
    expect((await sweepRewards({ ...accessFor(REQUESTER), rewards })).swept).toEqual([]);

    // nothing stuck: every wei of the ten inferences' data share is with a contributor, the treasury, or left as
    // rounding dust in the pool, which is less than one wei per leaf
    const dataShare = 10n * dataPerInference;
    const onChain = await publicClient().readContract({
      address: deployment.dataRewards,
      abi: dataRewardsAbi,
      functionName: "pool",
      args: [modelId, 1],
    });
    const payouts = NAMES.reduce((sum, name) => sum + paid[name], 0n);
    expect(onChain.deposited).toBe(dataShare);
    expect(onChain.claimed).toBe(paid.alice + paid.bob + paid.carol);
    expect(onChain.swept).toBe(paid.erin);
    expect(onChain.rewardPerWeight).toBe(pool.rewardPerWeight);
    expect(onChain.distributed).toBe(pool.distributed);
    const dust = dataShare - payouts;
    expect(dust).toBeGreaterThanOrEqual(0n);
    expect(dust).toBeLessThan(BigInt(rewards.leaves.length) + 1n);
    const totals = await publicClient().readContract({
      address: deployment.dataRewards,
      abi: dataRewardsAbi,
      functionName: "totals",
    });
    expect(totals.deposited).toBe(totals.forwarded + totals.claimed + totals.swept + totals.outstanding);
    expect(totals.outstanding).toBe(dust);
    expect(await balanceOf(deployment.dataRewards)).toBe(totals.outstanding);
    const [, pending] = await publicClient().readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "versionEarnings",
      args: [modelId, 1],
    });
    expect(pending).toBe(0n);
  }, 300_000);

  it("the CLI refuses, with a clear message and exit 1, what the deployed protocol would refuse", async () => {
    const chain = ["--rpc", anvil.url, "--deployment", deploymentPath];
    const rewardsPath = join(dir, "credit.rewards.json");

    const again = await trainerCli(
      ["publish", "--artifact", artifactPath, "--metadata-uri", "ipfs://x", "--fee", "1", ...chain],
      { env: { PRIVATE_KEY: MODEL_OWNER } },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(`^error: these weights are already published as model ${modelId} version 1`),
    );

    // a second training run draws a new salt: new weights, publishable, but not to a model that is not there
    const v2 = join(dir, "credit-v2.json");
    await trainClassifier(join(dir, "data"), v2, { ids: join(dir, "ids.json") });
    const unknown = await trainerCli(
      ["publish", "--artifact", v2, "--metadata-uri", "ipfs://x", "--model", "999", ...chain],
      { env: { PRIVATE_KEY: MODEL_OWNER } },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: the registry has no model 999; check the id/);
    const notOwner = await trainerCli(
      ["publish", "--artifact", v2, "--metadata-uri", "ipfs://x", "--model", String(modelId), ...chain],
      { env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.bob } },
    );
    expect(notOwner.code).toBe(1);
    expect(notOwner.stderr).toContain(`model ${modelId} belongs to ${address(MODEL_OWNER)}`);

    // trained on files mapped to the wrong ids: alice's file under bob's contribution
    writeFileSync(
      join(dir, "swapped.json"),
      JSON.stringify({
        "alice.csv": `${ids.bob}`,
        "bob.csv": `${ids.alice}`,
        "carol.csv": `${ids.carol}`,
        "erin.csv": `${ids.erin}`,
      }),
    );
    const swapped = join(dir, "swapped-artifact.json");
    await trainClassifier(join(dir, "data"), swapped, { ids: join(dir, "swapped.json") });
    const mismatch = await trainerCli(
      ["publish", "--artifact", swapped, "--metadata-uri", "ipfs://x", "--fee", "1", ...chain],
      { env: { PRIVATE_KEY: MODEL_OWNER } },
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/contribution \d+ was registered for another dataset than (alice|bob)\.csv/);

    const erin = await trainerCli(["claim", "--rewards", rewardsPath, "--contribution", String(ids.erin), ...chain], {
      env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.erin },
    });
    expect(erin.code).toBe(1);
    expect(erin.stderr).toMatch(
      /had no training consent for model \d+ when version 1 was published: it can never claim/,
    );
    const stranger = await trainerCli(["claim", "--rewards", rewardsPath, "--contribution", "999", ...chain], {
      env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.erin },
    });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/contribution 999 has no leaf in model \d+ version 1/);
    const twice = await trainerCli(["claim", "--rewards", rewardsPath, "--contribution", String(ids.carol), ...chain], {
      env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.carol },
    });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/has nothing new to collect/);
  }, 300_000);

  it("contributors register and withdraw consent through the CLI; only the owner may; a settled sweep is a no-op", async () => {
    const chain = ["--rpc", anvil.url, "--deployment", deploymentPath];
    const idsPath = join(dir, "cli-ids.json");
    const registered = await trainerCli(
      [
        "contribute",
        "--data",
        join(dir, "data", "bob.csv"),
        "--metadata-uri",
        "ipfs://bob-2",
        "--ids",
        idsPath,
        ...chain,
      ],
      { env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.bob } },
    );
    expect(registered.stderr).toBe("");
    expect(registered.code).toBe(0);
    const id = BigInt(/registered contribution (\d+) for/.exec(registered.stdout)?.[1] ?? "0");
    expect(JSON.parse(readFileSync(idsPath, "utf8"))).toEqual({ "bob.csv": id.toString() });
    const onChain = await publicClient().readContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "contribution",
      args: [id],
    });
    expect(onChain.owner).toBe(address(CONTRIBUTOR_KEYS.bob));
    expect(onChain.datasetCommitment).toBe(rewards.leaves.find((l) => l.file === "bob.csv")?.datasetCommitment);

    const stranger = await trainerCli(["consent", "--contribution", String(id), "--revoke", ...chain], {
      env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.carol },
    });
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(`${address(CONTRIBUTOR_KEYS.carol)} does not own contribution ${id}`);
    const revoked = await trainerCli(["consent", "--contribution", String(id), "--revoke", ...chain], {
      env: { PRIVATE_KEY: CONTRIBUTOR_KEYS.bob },
    });
    expect(revoked.code).toBe(0);
    const consent = await publicClient().readContract({
      address: deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "currentConsent",
      args: [id],
    });
    expect([consent.training, consent.inference]).toEqual([false, false]);

    const sweep = await trainerCli(["sweep", "--rewards", join(dir, "credit.rewards.json"), ...chain], {
      env: { PRIVATE_KEY: REQUESTER },
    });
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toContain("nothing to sweep");
  }, 300_000);
});
