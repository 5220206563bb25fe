/**
 * Stake on the protocol: the two operators bond the minimum and more and register their nodes; two token holders
 * stake to vote (the vault's active stake is the governor's voting power); the applicant proposes operator B's node as
 * the one holding its private data, and registers the commitment to that data.
 */

import { dataRegistryAbi, stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import { maxUint256, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { type Actor, actors } from "./actors.ts";
import type { DemoChain } from "./chain.ts";

export const OPERATOR_STAKE = parseEther("2000");
export const VOTER_STAKE = parseEther("30000");

/** Tokens an operator keeps unstaked, to try models by hand (`symbiote-oracle request` pays from the operator). */
export const OPERATOR_SPARE = parseEther("100");

/** Sends `amount + spare` SYM from the treasury to `actor` and stakes `amount` of it. */
export async function fundAndStake(chain: DemoChain, actor: Actor, amount: bigint, spare = 0n): Promise<void> {
  const { token, vault } = chain.deployment;
  await chain.send(
    actors.treasury,
    { address: token, abi: tokenAbi, functionName: "transfer", args: [actor.address, amount + spare] },
    `funding the ${actor.name}`,
  );
  await chain.send(
    actor,
    { address: token, abi: tokenAbi, functionName: "approve", args: [vault, maxUint256] },
    "approving the vault",
  );
  await chain.send(actor, { address: vault, abi: stakingVaultAbi, functionName: "stake", args: [amount] }, "staking");
}

/** Stakes and registers an operator whose node answers at `endpoint`. */
export async function registerOperator(chain: DemoChain, operator: Actor, endpoint: string): Promise<void> {
  await fundAndStake(chain, operator, OPERATOR_STAKE, OPERATOR_SPARE);
  await chain.send(
    operator,
    {
      address: chain.deployment.vault,
      abi: stakingVaultAbi,
      functionName: "registerOperator",
      args: [endpoint, privateKeyToAccount(operator.key).publicKey],
    },
    `registering the ${operator.name}`,
  );
}

/**
 * The applicant proposes `node`'s operator as the node serving committed-input requests on its data
 * (`dataRegistry.setDataNode`); the role takes effect once that node accepts (`symbiote-oracle data-node accept`).
 */
export async function proposeDataNode(chain: DemoChain, owner: Actor, node: Actor): Promise<void> {
  await chain.send(
    owner,
    { address: chain.deployment.dataRegistry, abi: dataRegistryAbi, functionName: "setDataNode", args: [node.address] },
    `proposing the ${node.name}'s node as the ${owner.name}'s data node`,
  );
}

/** The data owner registers the commitment to its private input: only registered commitments may be requested. */
export async function registerInputCommitment(chain: DemoChain, owner: Actor, commitment: bigint): Promise<void> {
  await chain.send(
    owner,
    {
      address: chain.deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "registerInputCommitments",
      args: [[commitment]],
    },
    `registering the ${owner.name}'s input commitment`,
  );
}
