import { type Clients, createClients } from "../../chain/clients.ts";
import { type Deployment, loadDeployment } from "../../chain/deployment.ts";
import { type Config, loadConfig } from "../../config/loadConfig.ts";
import { FatalError } from "../../errors.ts";

export type CommandContext = { config: Config; clients: Clients; deployment: Deployment };

/** Parses `--name value` flags after the positional arguments. */
export function flags(argv: readonly string[]): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined) throw new FatalError(`--${name} needs a value.`);
      named.set(name, value);
    } else positional.push(arg);
  }
  return { positional, named };
}

/** The config, clients and deployment every chain command needs, from `--config` (default ./oracle.json). */
export function commandContext(named: Map<string, string>): CommandContext {
  const config = loadConfig(named.get("config") ?? "oracle.json", { env: process.env });
  return { config, clients: createClients(config), deployment: loadDeployment(config.deployment, config.chainId) };
}

/** Sends a transaction and waits for it, failing with the revert's name. */
export async function sendAndWait(
  ctx: CommandContext,
  call: Parameters<CommandContext["clients"]["walletClient"]["writeContract"]>[0],
  what: string,
): Promise<`0x${string}`> {
  const { request } = await ctx.clients.publicClient.simulateContract({
    ...(call as object),
    account: ctx.clients.account,
  } as never);
  const hash = await ctx.clients.walletClient.writeContract(request as never);
  process.stderr.write(`${what}: sent ${hash}, waiting for it to be mined…\n`);
  const receipt = await ctx.clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new FatalError(`${what}: transaction ${hash} reverted.`);
  return hash;
}
