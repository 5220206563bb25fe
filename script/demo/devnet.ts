/**
 * `npm run devnet`: the demo's setup (anvil, the protocol, the datasets and their contributors, the trained models,
 * the consumers, two operator nodes and the VRF responder), left running for people to try things by hand. Prints
 * where everything is and a few commands to start with. Ctrl-C stops every process and removes the temporary files.
 */
import { relative } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { actors } from "./actors.ts";
import { ProcessGroup } from "./processes.ts";
import { Progress } from "./progress.ts";
import { type DemoEnvironment, setUpDevnet } from "./setup.ts";

const DEPLOYMENT_FILE = "deployments/devnet.json";

/** What to print once the devnet runs: addresses, keys, and commands that work against it as they are. */
function instructions(env: DemoEnvironment): string {
  const { anvil, local, consumers, models, nodes, applicant } = env;
  const rpc = `--rpc-url ${anvil.url}`;
  const file = relative(REPO_ROOT, local.path);
  const nodeLines = Object.values(nodes).map(
    (n) =>
      `  ${n.name} (${n.operator.name} ${n.operator.address}): config ${n.configPath}\n` +
      `    log ${n.logPath}, metrics http://127.0.0.1:${n.metricsPort}/metrics`,
  );
  const people = Object.values(actors).map((a) => `  ${a.name.padEnd(15)} ${a.address} ${a.key}`);
  const a = nodes.a;
  const oracle = (command: string) =>
    `SYMBIOTE_OPERATOR_KEY=${a.operator.key} npm run oracle -- ${command} --config ${a.configPath}`;
  return [
    "",
    "The devnet is running. Ctrl-C stops everything.",
    "",
    `RPC            ${anvil.url} (chain 31337, a block a second)`,
    `deployment     ${file}`,
    `work folder    ${env.workDir} (datasets, artifacts, model cards, rewards files, nodes)`,
    "",
    "Models",
    `  ${models.credit.modelId}  credit classifier v${models.credit.version} (committed inputs; trained on biased books)`,
    `  ${models.marketSignal.modelId}  market-signal MLP v${models.marketSignal.version} (public inputs)`,
    `  ${models.recommender.modelId}  recommender v${models.recommender.version} (public inputs)`,
    ...local.sampleModels.map((m) => `  ${m.id}  ${m.name} (the deploy's sample model)`),
    "",
    "Consumers",
    ...Object.values(consumers).map((c) => `  ${c.name.padEnd(19)} ${c.address} (owner: the ${c.owner.name})`),
    "",
    "Operator nodes",
    ...nodeLines,
    "",
    "Accounts (anvil's public dev keys: never use them elsewhere)",
    ...people,
    "",
    "SYM (the protocol's token) and a model for the README's examples",
    `  The treasury holds the supply. Send SYM to any address (here 1,000 SYM):`,
    `  npx cast send ${local.deployment.token} "transfer(address,uint256)" <address> 1000000000000000000000 --private-key ${actors.treasury.key} ${rpc}`,
    `  Requests pay the model's fee from a deposit (coordinator.deposit) or by transfer after approve(${local.deployment.coordinator}, …).`,
    `  The README's examples ask model ${models.marketSignal.modelId}: public inputs, 16 features, served by both nodes.`,
    "",
    "Try",
    `  npm run deploy:check -- --chain 31337 --rpc ${anvil.url} --deployment ${file}`,
    `  npm run explorer -- --rpc ${anvil.url} --deployment ${file}     # the decision explorer`,
    `  ${oracle("status")}`,
    `  ${oracle(`request ${models.marketSignal.modelId} --features ${Array(16).fill("0.5").join(",")}`)}`,
    `  ${oracle("decision <the request id it printed>")}`,
    `  npx cast send ${consumers.vault.address} "requestSignal(uint96)" 10000000000000000000 --private-key ${actors.fundManager.key} ${rpc}`,
    `  npx cast call ${consumers.vault.address} "riskAllocationBps()(uint16)" ${rpc}`,
    "  The applicant's private data is in node B's data store (commitment " +
      `${applicant.commitment}); grant the CreditGate access and let the lender ask:`,
    `  npx cast send ${local.deployment.dataRegistry} "grantAccess(address,uint256,uint64,uint32)" ${consumers.creditGate.address} ${models.credit.modelId} 4000000000 5 --private-key ${actors.applicant.key} ${rpc}`,
    `  npx cast send ${consumers.creditGate.address} "requestDecision(address,uint256,uint96)" ${actors.applicant.address} ${applicant.commitment} 10000000000000000000 --private-key ${actors.lender.key} ${rpc}`,
    `  npx cast call ${consumers.creditGate.address} "applicationOf(address)((uint8,uint256,int256,uint256[4],uint256))" ${actors.applicant.address} ${rpc}`,
  ].join("\n");
}

async function main(): Promise<void> {
  const progress = new Progress();
  const group = new ProcessGroup();
  group.installSignalHandlers((signal) => process.stdout.write(`\n${signal}: stopping the nodes and the chain…\n`));
  console.log("Symbiote devnet: a local chain with the protocol, the demo models and two operator nodes");
  let env: DemoEnvironment;
  try {
    env = await setUpDevnet(progress, group, {
      deploymentFile: DEPLOYMENT_FILE,
      preferredPort: 8545,
      removeDeploymentFile: true,
    });
  } catch (error) {
    process.stderr.write(`\ndevnet failed to start: ${(error as Error).message}\n`);
    await group.stopAll();
    process.exit(1);
  }
  console.log(instructions(env));
  for (const node of Object.values(env.nodes)) {
    // a node that dies leaves requests unserved: say so instead of failing silently
    const pid = node.pid;
    const watch = setInterval(() => {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(watch);
        process.stderr.write(`\n${node.name} (pid ${pid}) stopped; its log: ${node.logPath}\n`);
      }
    }, 2000);
  }
}

void main();
