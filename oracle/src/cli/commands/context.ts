import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type Deployment, loadDeployment } from "@symbiote/circuits";
import {
  explainError,
  type ProtocolCallShape,
  protocolGasLimit,
  RetryableError,
  RpcUnreachableError,
  SymbioteError,
  WrongChainError,
} from "@symbiote/sdk";
import {
  type Address,
  type Chain,
  InsufficientFundsError,
  type PublicClient,
  type Transport,
  BaseError as ViemBaseError,
} from "viem";
import { type Clients, createClients, createReadClient } from "../../chain/clients.ts";
import { type Config, loadConfig, loadReadOnlyConfig, type ReadOnlyConfig } from "../../config/loadConfig.ts";
import { DeploymentNotOnChainError, UsageError } from "../operatorErrors.ts";

export type CommandContext = { config: Config; clients: Clients; deployment: Deployment };

/** What a read-only command needs: no key, so no wallet. */
export type ReadContext = {
  config: ReadOnlyConfig;
  publicClient: PublicClient<Transport, Chain>;
  deployment: Deployment;
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The operator's folder when no `--dir` or `--config` names one: `$SYMBIOTE_ORACLE_HOME`, else `~/.symbiote-oracle`.
 * It lies outside any repository, so `init` never writes a key into a checkout unless told to.
 */
export function operatorHome(env: Env): string {
  const fromEnv = env.SYMBIOTE_ORACLE_HOME;
  return fromEnv && fromEnv.trim() !== "" ? resolve(fromEnv) : join(homedir(), ".symbiote-oracle");
}

/** The config file a command reads: `--config <file>`, else `<--dir>/oracle.json`, else the operator home's. */
export function configPathOf(named: ReadonlyMap<string, string>, env: Env): string {
  const config = named.get("config");
  const dir = named.get("dir");
  if (config !== undefined && dir !== undefined) {
    throw new UsageError("pass either --config <file> or --dir <folder> (which reads <folder>/oracle.json), not both.");
  }
  if (config !== undefined) return resolve(config);
  return join(dir !== undefined ? resolve(dir) : operatorHome(env), "oracle.json");
}

/** Parses `--name value` (or `--name=value`) flags after the positional arguments. */
export function flags(argv: readonly string[]): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      if (value === undefined || (inline === undefined && value.startsWith("--"))) {
        throw new UsageError(`--${name} needs a value, e.g. \`--${name} <value>\`.`);
      }
      named.set(name, value);
    } else positional.push(arg);
  }
  return { positional, named };
}

const why = (error: unknown): string => {
  if (error instanceof ViemBaseError) return error.details || error.shortMessage;
  return error instanceof Error ? error.message : String(error);
};

/**
 * Before any command acts: the endpoint answers, serves the config's chain, and that chain holds the deployment's
 * coordinator. Each failure says which of the three to fix.
 *
 * @throws {RpcUnreachableError} no endpoint answered `eth_chainId`.
 * @throws {WrongChainError} the endpoint serves another chain than `chainId`.
 * @throws {DeploymentNotOnChainError} no code at the coordinator's address (a reset devnet, another deployment's file).
 */
export async function checkChain(
  config: ReadOnlyConfig,
  publicClient: PublicClient<Transport, Chain>,
  deployment: Deployment,
): Promise<void> {
  const urls = [...config.rpc.http, ...config.rpc.ws].join(", ");
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (cause) {
    throw new RpcUnreachableError(
      `cannot reach the RPC endpoint ${urls} (${why(cause)}); check that the chain's node is running and rpc.http in ${config.configPath}, then run the command again.`,
      { cause },
    );
  }
  if (chainId !== config.chainId) {
    throw new WrongChainError({
      expected: config.chainId,
      actual: chainId,
      endpoint: `the RPC endpoint ${urls}`,
      source: `the config ${config.configPath} (chainId)`,
      fix: `point rpc.http at a chain ${config.chainId} endpoint, or set chainId and deployment for chain ${chainId}`,
    });
  }
  let code: string | undefined;
  try {
    code = await publicClient.getCode({ address: deployment.coordinator });
  } catch (cause) {
    throw new RpcUnreachableError(
      `the RPC endpoint ${urls} stopped answering (${why(cause)}); run the command again once it is back.`,
      { cause },
    );
  }
  if (!code || code === "0x") {
    throw new DeploymentNotOnChainError(
      `chain ${chainId} at ${urls} has no contract at the coordinator address ${deployment.coordinator} from ${config.deployment}; the chain was reset or the file is another deployment's: deploy again, or point "deployment" at this chain's file.`,
    );
  }
}

/** The config, clients and deployment every command that sends transactions needs, the chain checked first. */
export async function commandContext(named: ReadonlyMap<string, string>): Promise<CommandContext> {
  const config = loadConfig(configPathOf(named, process.env), { env: process.env });
  const deployment = loadDeployment(config.deployment, config.chainId);
  const clients = createClients(config);
  await checkChain(config, clients.publicClient, deployment);
  return { config, clients, deployment };
}

/** The config, a read client and the deployment, without the operator key (read-only commands), the chain checked. */
export async function readContext(named: ReadonlyMap<string, string>): Promise<ReadContext> {
  const config = loadReadOnlyConfig(configPathOf(named, process.env));
  const deployment = loadDeployment(config.deployment, config.chainId);
  const publicClient = createReadClient(config);
  await checkChain(config, publicClient, deployment);
  return { config, publicClient, deployment };
}

/**
 * A failure of `what` as the operator should read it (see {@link explainError}); for an account that cannot pay for
 * gas, its ETH balance is read and named.
 */
export async function explainFailure(ctx: CommandContext, error: unknown, what: string): Promise<SymbioteError> {
  if (error instanceof SymbioteError) return error;
  const account: Address = ctx.config.operatorAddress;
  const noGas = error instanceof ViemBaseError && error.walk((e) => e instanceof InsufficientFundsError);
  const ethBalance = noGas
    ? await ctx.clients.publicClient.getBalance({ address: account }).catch(() => undefined)
    : undefined;
  return explainError(error, { what, account, ...(ethBalance === undefined ? {} : { ethBalance }) });
}

/** Sends a transaction and waits for it; a refusal comes back decoded, as a typed error naming `what`. */
export async function sendAndWait(
  ctx: CommandContext,
  call: Parameters<CommandContext["clients"]["walletClient"]["writeContract"]>[0],
  what: string,
): Promise<`0x${string}`> {
  let hash: `0x${string}`;
  try {
    const { request } = await ctx.clients.publicClient.simulateContract({
      ...(call as object),
      account: ctx.clients.account,
    } as never);
    // the limit covers what the staking vault's histories can cost beyond the estimate in a later second (gasLimit.ts
    // in the SDK): without it, registering right after another operator's stake change runs out of gas
    const estimate = await ctx.clients.publicClient.estimateContractGas(request as never);
    const gas = protocolGasLimit(estimate, call as ProtocolCallShape);
    hash = await ctx.clients.walletClient.writeContract({ ...(request as object), gas } as never);
  } catch (error) {
    throw await explainFailure(ctx, error, what);
  }
  process.stderr.write(`${what}: sent ${hash}, waiting for it to be mined…\n`);
  const receipt = await ctx.clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new RetryableError(
      `${what}: transaction ${hash} reverted after its simulation passed (the chain's state changed in between); run the command again.`,
    );
  }
  return hash;
}
