/**
 * The end of the walk-through: one decision's full audit trail, printed by the operator's own CLI
 * (`symbiote-oracle decision <id>`), read from the chain alone: the request as emitted, the model version and its
 * card, the circuit, the verified outputs decoded, the operator and the verifying transaction.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT } from "@symbiote/circuits";
import { DemoError } from "../errors.ts";
import { nodeEnv, oracleCommand } from "../nodes.ts";
import type { JourneyContext } from "./context.ts";

const run = promisify(execFile);

export async function auditTrailJourney(ctx: JourneyContext): Promise<void> {
  const requestId = ctx.summary.governance?.corrected.requestId ?? ctx.summary.credit?.requestId;
  if (!requestId) throw new DemoError("no credit decision was made, so there is no audit trail to print.");
  const node = ctx.env.nodes.b;
  ctx.progress.heading(`The audit trail of decision ${requestId}`);
  const printedBy = `symbiote-oracle decision ${requestId} --config ${node.configPath}`;
  const { stdout } = await ctx.progress.step(printedBy, () => {
    const { command, args } = oracleCommand(["decision", requestId, "--config", node.configPath]);
    return run(command, args, { cwd: REPO_ROOT, env: nodeEnv(node), maxBuffer: 16 * 1024 * 1024 });
  });
  for (const line of stdout.trimEnd().split("\n")) ctx.progress.info(line);
  const trail = JSON.parse(stdout) as { status: string };
  ctx.summary.auditTrail = { requestId, status: trail.status, printedBy };
}
