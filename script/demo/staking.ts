/**
 * Stake on the protocol: the two operators bond the minimum and more and register their nodes; two token holders
 * stake to vote (the vault's active stake is the governor's voting power); the applicant names operator B's node as
 * the one holding its private data.
 */
import { maxUint256, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { coordinatorAbi, stakingVaultAbi, tokenAbi } from "../../oracle/src/chain/abis.ts";
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

/** The applicant's committed-input requests go to `node` (the coordinator's `setDataNode`). */
export async function setDataNode(chain: DemoChain, owner: Actor, node: Actor): Promise<void> {
  await chain.send(
    owner,
    { address: chain.deployment.coordinator, abi: coordinatorAbi, functionName: "setDataNode", args: [node.address] },
    `naming the ${node.name}'s node as the ${owner.name}'s data node`,
  );
}
