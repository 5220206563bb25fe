/**
 * Everything `npm run demo` and `npm run devnet` share: a local chain, the protocol deployed by the project's deploy
 * path, the synthetic datasets registered by their contributors, the demo models trained and published, the stakers
 * and operators, the price history, the three example consumers and two operator nodes running as child processes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { type Anvil, deployLocal, freePort, isPortFree, startAnvil } from "@symbiote/devnet";
import { actors, DEV_ACCOUNT_COUNT } from "./actors.ts";
import { type Applicant, chooseApplicant } from "./applicant.ts";
import { connectChain, type DemoChain } from "./chain.ts";
import { compileContracts } from "./compile.ts";
import { type DemoConsumers, deployConsumers } from "./consumers.ts";
import { generateDemoDatasets, type RegisteredContribution, registerContributions } from "./datasets.ts";
import { type LocalDeployment, readLocalDeployment } from "./deploymentFile.ts";
import {
  acceptDataOwner,
  addPrivateInput,
  declareServedVersions,
  type NodeModel,
  prepareNode,
  type RunningNode,
  startNode,
} from "./nodes.ts";
import { pushPriceHistory } from "./priceFeed.ts";
import type { ProcessGroup } from "./processes.ts";
import type { Progress } from "./progress.ts";
import { MODEL_FEES, type PublishedModel, publishDemoModel } from "./publishing.ts";
import { sampleModels } from "./sampleModels.ts";
import { fundAndStake, proposeDataNode, registerInputCommitment, registerOperator, VOTER_STAKE } from "./staking.ts";
import { biasOf, type DemoArtifacts, type TrainedModel, trainDemoModels } from "./training.ts";
import { startVrfResponder, type VrfResponder } from "./vrfResponder.ts";

export type DemoEnvironment = {
  anvil: Anvil;
  local: LocalDeployment;
  chain: DemoChain;
  /** Datasets, artifacts, rewards files and the nodes' folders. */
  workDir: string;
  contributions: RegisteredContribution[];
  artifacts: DemoArtifacts;
  models: { credit: PublishedModel; marketSignal: PublishedModel; recommender: PublishedModel };
  applicant: Applicant;
  consumers: DemoConsumers;
  nodes: { a: RunningNode; b: RunningNode };
  vrf: VrfResponder;
};

export type SetupOptions = {
  /** Deployment file, relative to the repository (forge may write only under deployments/). */
  deploymentFile: string;
  /** anvil's port when it is free (the devnet: 8545, so the tools' defaults work); else, or without it, any free port. */
  preferredPort?: number;
  /** Remove the deployment file when the group stops (the demo: yes; the devnet keeps it for `deploy:check`). */
  removeDeploymentFile: boolean;
};

/** A trainer artifact as a node's model-store entry, under the commitment the registry holds. */
export function nodeModelOf(model: TrainedModel): NodeModel {
  return {
    commitment: BigInt(model.artifact.weightsCommitment.value),
    artifact: model.artifact,
    source: model.artifactPath,
  };
}

async function choosePort(preferred: number | undefined): Promise<number> {
  return preferred !== undefined && (await isPortFree(preferred)) ? preferred : freePort();
}

/**
 * Sets the devnet up step by step, registering every process and temporary file with `group` so that
 * `group.stopAll()` undoes it all.
 */
export async function setUpDevnet(
  progress: Progress,
  group: ProcessGroup,
  options: SetupOptions,
): Promise<DemoEnvironment> {
  const workDir = mkdtempSync(join(tmpdir(), "symbiote-demo-"));
  group.onCleanup("removing the work folder", () => rmSync(workDir, { recursive: true, force: true }));
  progress.info(`work folder ${workDir}`);

  progress.heading("Setting up a local network");
  const anvil = await progress.step("starting anvil, a block a second", async () => {
    // mixed mining: a transaction is mined at once, and a block a second lets confirmations accrue
    const extraArgs = ["--accounts", String(DEV_ACCOUNT_COUNT), "--mixed-mining", "--block-time", "1"];
    const started = await startAnvil({ port: await choosePort(options.preferredPort), extraArgs });
    group.track(started.process);
    return started;
  });
  progress.info(`RPC ${anvil.url} (chain 31337)`);

  const deploymentPath = resolve(REPO_ROOT, options.deploymentFile);
  if (options.removeDeploymentFile) {
    group.onCleanup("removing the deployment file", () => {
      rmSync(deploymentPath, { force: true });
      rmSync(deploymentPath.replace(/\.json$/, ".mocks.json"), { force: true });
    });
  }
  await progress.step("compiling the contracts (forge build; a first run takes minutes on two cores)", () =>
    compileContracts(group, (line) => progress.info(line)),
  );
  await progress.step("deploying the protocol (script/Deploy.s.sol through deployLocal)", () =>
    deployLocal({ rpcUrl: anvil.url, deploymentFile: options.deploymentFile, quiet: true }),
  );
  const local = readLocalDeployment(deploymentPath);
  const chain = connectChain(anvil.url, local.deployment);
  progress.info(`deployment file ${options.deploymentFile}: coordinator ${local.deployment.coordinator}`);

  progress.heading("Data, models and people");
  const dataDir = join(workDir, "data");
  const contributions = await progress.step(
    "generating the synthetic datasets; contributors register them",
    async () => {
      const commitments = await generateDemoDatasets(dataDir);
      return registerContributions(chain, dataDir, commitments);
    },
  );
  for (const c of contributions) progress.info(`contribution ${c.contributionId}: ${c.contributor.name} (${c.file})`);

  const artifacts = await progress.step(
    "training the credit classifier (twice), the market-signal MLP and the recommender",
    () => trainDemoModels(dataDir, join(workDir, "artifacts")),
  );
  for (const [name, model] of Object.entries(artifacts)) {
    const bias = biasOf(model.artifact);
    const accuracy = (model.artifact.metrics as { accuracy?: number; recallAt3?: number }).accuracy;
    progress.info(
      `${name}: ${accuracy !== undefined ? `accuracy ${accuracy.toFixed(3)}` : "recall@3 reported in its card"}${bias ? `, demographic-parity difference ${bias.dp.toFixed(3)}` : ""}`,
    );
  }

  const models = await progress.step(
    "the model owner publishes credit v1, the market signal and the recommender",
    async () => ({
      credit: await publishDemoModel(chain, artifacts.creditBiased, {
        fee: MODEL_FEES.credit,
        inputModes: ["committed"],
      }),
      marketSignal: await publishDemoModel(chain, artifacts.marketSignal, {
        fee: MODEL_FEES.marketSignal,
        inputModes: ["public"],
      }),
      recommender: await publishDemoModel(chain, artifacts.recommender, {
        fee: MODEL_FEES.recommender,
        inputModes: ["public"],
      }),
    }),
  );
  for (const [name, m] of Object.entries(models)) {
    progress.info(`${name}: model ${m.modelId} version ${m.version}, training-data root ${m.rewards.trainingDataRoot}`);
  }

  const metricsPorts = { a: await freePort(), b: await freePort() };
  await progress.step(
    "operators stake and register; stakers stake to vote; the applicant proposes its node",
    async () => {
      await registerOperator(chain, actors.operatorA, `http://127.0.0.1:${metricsPorts.a}`);
      await registerOperator(chain, actors.operatorB, `http://127.0.0.1:${metricsPorts.b}`);
      await fundAndStake(chain, actors.stakerA, VOTER_STAKE);
      await fundAndStake(chain, actors.stakerB, VOTER_STAKE);
      await proposeDataNode(chain, actors.applicant, actors.operatorB);
    },
  );

  await progress.step("reporting 40 rounds of ETH/USD to the price-feed mock", () =>
    pushPriceHistory(chain, local.priceFeed),
  );
  const consumers = await progress.step("deploying CreditGate, MarketSignalVault and RecommendationFeed", () =>
    deployConsumers(
      chain,
      {
        credit: models.credit.modelId,
        marketSignal: models.marketSignal.modelId,
        recommender: models.recommender.modelId,
      },
      local.priceFeed,
    ),
  );
  for (const c of Object.values(consumers)) progress.info(`${c.name} at ${c.address} (owner: the ${c.owner.name})`);

  const applicant = chooseApplicant(artifacts.creditBiased.artifact, artifacts.creditCorrected.artifact);

  progress.heading("Operator nodes");
  const served = [
    ...sampleModels(),
    nodeModelOf(artifacts.creditBiased),
    nodeModelOf(artifacts.marketSignal),
    nodeModelOf(artifacts.recommender),
  ];
  const setups = await progress.step("preparing the two nodes' folders: config, model store, data store", async () => {
    const setups = {
      a: await prepareNode({
        name: "node A",
        operator: actors.operatorA,
        dir: join(workDir, "nodes", "a"),
        rpcUrl: anvil.url,
        deploymentPath,
        metricsPort: metricsPorts.a,
        models: served,
      }),
      b: await prepareNode({
        name: "node B",
        operator: actors.operatorB,
        dir: join(workDir, "nodes", "b"),
        rpcUrl: anvil.url,
        deploymentPath,
        metricsPort: metricsPorts.b,
        models: served,
      }),
    };
    // the applicant's private features live only in node B's data store; the chain holds only their commitment
    const inputPath = addPrivateInput(setups.b, {
      commitment: applicant.commitment,
      inputs: applicant.features,
      salt: applicant.salt,
    });
    progress.info(`the applicant's private input: ${inputPath} (removed with the work folder when the demo stops)`);
    return setups;
  });
  const declared = await progress.step(
    "operators declare the versions their stores prove; node B accepts the applicant's data (data-node accept)",
    async () => {
      const versions = { a: await declareServedVersions(setups.a), b: await declareServedVersions(setups.b) };
      await registerInputCommitment(chain, actors.applicant, applicant.commitment);
      await acceptDataOwner(setups.b, actors.applicant);
      return versions;
    },
  );
  for (const [key, versions] of Object.entries(declared)) {
    progress.info(`${setups[key as "a" | "b"].name} declares ${versions.join(", ")} (model:version)`);
  }
  const nodes = await progress.step("starting the two nodes (symbiote-oracle start)", async () => ({
    a: await startNode(group, setups.a),
    b: await startNode(group, setups.b),
  }));
  for (const node of Object.values(nodes)) {
    progress.info(
      `${node.name}: ${node.operator.name} ${node.operator.address}, pid ${node.pid}, metrics http://127.0.0.1:${node.metricsPort}/metrics`,
    );
  }
  const vrf = startVrfResponder(chain, local, actors.vrfNode);
  group.onCleanup("stopping the VRF responder", () => vrf.stop(), { beforeChildren: true });

  return { anvil, local, chain, workDir, contributions, artifacts, models, applicant, consumers, nodes, vrf };
}
