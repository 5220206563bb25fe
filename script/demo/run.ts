/**
 * `npm run demo [-- --summary <file>]`: the whole protocol end to end on a local chain, in a few minutes, with
 * nothing to install beyond `npm install`. Sets up a devnet (script/demo/setup.ts), walks through the journeys in
 * script/demo/journeys/, prints each step, and stops every process it started — on success, on failure and on Ctrl-C.
 * Exit code 0 only if every journey ended as it should; `--summary` writes the outcome as JSON.
 */
import { parseArgs } from "node:util";
import { BaseError } from "@symbiote/sdk";
import { auditTrailJourney } from "./journeys/auditTrail.ts";
import type { JourneyContext } from "./journeys/context.ts";
import { creditJourney } from "./journeys/credit.ts";
import { governanceJourney } from "./journeys/governance.ts";
import { marketSignalJourney } from "./journeys/marketSignal.ts";
import { recommendationsJourney } from "./journeys/recommendations.ts";
import { rewardsJourney } from "./journeys/rewards.ts";
import { ProcessGroup } from "./processes.ts";
import { Progress } from "./progress.ts";
import { setUpDevnet } from "./setup.ts";
import { type DemoSummary, writeSummary } from "./summary.ts";

const USAGE = "usage: npm run demo [-- --summary <file.json>]";

function parseOptions(argv: string[]): { summary?: string } {
  try {
    const { values } = parseArgs({ args: argv, options: { summary: { type: "string" } }, strict: true });
    return values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

/** The message of an error: a project error's own, or the first lines of anything else. */
function describe(error: unknown): string {
  if (error instanceof BaseError) return error.message;
  if (error instanceof Error) return error.message.split("\n").slice(0, 12).join("\n");
  return String(error);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const progress = new Progress();
  const group = new ProcessGroup();
  const summary: DemoSummary = { ok: false, durationMs: 0, processes: { nodes: [] } };
  const finish = () => {
    summary.durationMs = progress.elapsedMs();
    if (options.summary) writeSummary(options.summary, summary);
  };
  let interrupted = false;
  group.installSignalHandlers((signal) => {
    interrupted = true;
    process.stdout.write(`\n${signal}: stopping the nodes and the chain…\n`);
    summary.error = `interrupted by ${signal}`;
    finish();
  });

  console.log("Symbiote demo: a local chain, the protocol, two operator nodes and five journeys");
  try {
    const env = await setUpDevnet(progress, group, {
      deploymentFile: `deployments/demo-${process.pid}.json`,
      removeDeploymentFile: true,
    });
    summary.rpcUrl = env.anvil.url;
    summary.deploymentFile = env.local.path;
    summary.workDir = env.workDir;
    summary.processes = {
      anvil: { pid: env.anvil.process.pid as number, port: env.anvil.port },
      nodes: Object.values(env.nodes).map((n) => ({ name: n.name, pid: n.pid, metricsPort: n.metricsPort })),
    };
    const ctx: JourneyContext = { env, progress, summary, laterVersions: [] };
    await creditJourney(ctx);
    await marketSignalJourney(ctx);
    await recommendationsJourney(ctx);
    await governanceJourney(ctx);
    await rewardsJourney(ctx);
    await auditTrailJourney(ctx);
    summary.ok = true;
  } catch (error) {
    // once interrupted, whatever fails next (the chain is going away) is a consequence, not the cause
    if (interrupted) return new Promise<number>(() => {});
    summary.error = describe(error);
    process.stderr.write(`\ndemo failed: ${summary.error}\n`);
  }
  console.log("\nStopping the nodes and the chain…");
  await group.stopAll();
  finish();
  console.log(summary.ok ? `Demo complete in ${progress.elapsed()}.` : `Demo failed after ${progress.elapsed()}.`);
  return summary.ok ? 0 : 1;
}

main().then((code) => process.exit(code));
