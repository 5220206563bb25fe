/**
 * The three example consumers of contracts/consumers/, deployed from the forge build (out/) the deploy path just
 * made, each funded by the treasury: CreditGate (a lender's credit line, fees and liquidity), MarketSignalVault (a
 * fund's risk allocation from the ETH/USD feed) and RecommendationFeed (a shop's proven top-3 per user).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";
import { tokenAbi } from "@symbiote/sdk";
import { type Abi, type Address, type Hex, parseEther } from "viem";
import { type Actor, actors } from "./actors.ts";
import type { DemoChain } from "./chain.ts";
import { DemoError } from "./errors.ts";

export type ConsumerName = "CreditGate" | "MarketSignalVault" | "RecommendationFeed";

export type DeployedConsumer = { name: ConsumerName; address: Address; abi: Abi; owner: Actor };

export type DemoConsumers = {
  creditGate: DeployedConsumer;
  vault: DeployedConsumer;
  feed: DeployedConsumer;
};

/** Tokens each consumer gets for its fees (and, for the gate, the credit it lends). */
const FUNDING = parseEther("20000");
/** An approved applicant's credit line. */
export const CREDIT_LINE = parseEther("5000");

/**
 * The ABI and creation code of a consumer, from `out/<Name>.sol/<Name>.json`. The deploy's forge script builds the
 * whole project, so it is there; if not, `forge build` makes it (a no-op when everything is compiled).
 */
export function consumerArtifact(name: ConsumerName): { abi: Abi; bytecode: Hex } {
  const path = resolve(REPO_ROOT, "out", `${name}.sol`, `${name}.json`);
  if (!existsSync(path)) {
    spawnSync(resolve(REPO_ROOT, "node_modules/.bin/forge"), ["build"], { cwd: REPO_ROOT, stdio: "ignore" });
  }
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as { abi: Abi; bytecode: { object: Hex } };
    return { abi: json.abi, bytecode: json.bytecode.object };
  } catch (cause) {
    throw new DemoError(`cannot read ${path}; run \`forge build\` and look at its errors.`, { cause });
  }
}

async function deploy(chain: DemoChain, name: ConsumerName, owner: Actor, args: unknown[]): Promise<DeployedConsumer> {
  const { abi, bytecode } = consumerArtifact(name);
  const hash = await chain.wallet(owner).deployContract({ abi, bytecode, args } as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new DemoError(`deploying ${name} failed (transaction ${hash}).`);
  }
  await chain.send(
    actors.treasury,
    {
      address: chain.deployment.token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [receipt.contractAddress, FUNDING],
    },
    `funding ${name}`,
  );
  return { name, address: receipt.contractAddress, abi, owner };
}

/** Deploys and funds the three consumers for the given models and price feed. */
export async function deployConsumers(
  chain: DemoChain,
  models: { credit: bigint; marketSignal: bigint; recommender: bigint },
  priceFeed: Address,
): Promise<DemoConsumers> {
  const { coordinator, token } = chain.deployment;
  return {
    creditGate: await deploy(chain, "CreditGate", actors.lender, [
      coordinator,
      token,
      models.credit,
      CREDIT_LINE,
      actors.lender.address,
    ]),
    vault: await deploy(chain, "MarketSignalVault", actors.fundManager, [
      coordinator,
      token,
      priceFeed,
      models.marketSignal,
      actors.fundManager.address,
    ]),
    feed: await deploy(chain, "RecommendationFeed", actors.feedOperator, [
      coordinator,
      token,
      models.recommender,
      actors.feedOperator.address,
    ]),
  };
}
