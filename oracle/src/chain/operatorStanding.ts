import { stakingVaultAbi } from "@symbiote/sdk";
import { type Address, type Chain, formatEther, type PublicClient, type Transport } from "viem";

/**
 * Where an operator stands in the vault's operator set. `weight` is its draw weight: requests are drawn for it in
 * proportion to it, and at 0 it is never drawn. `dormant` is a registered operator at weight 0: its active stake fell
 * below the minimum (it unstaked, or was slashed), and the vault raises a zero weight only on the operator's own act
 * (its own stake, registration or `syncOperator(self)`), never on stake paid in by someone else or a lower minimum.
 */
export type OperatorStanding = {
  registered: boolean;
  activeStake: bigint;
  minOperatorStake: bigint;
  weight: bigint;
  dormant: boolean;
  /** What the operator should do next, when anything: register, stake more, or sync. */
  advice: string | undefined;
};

/** Reads an operator's registration, active stake, the minimum and its draw weight, and says what to do about them. */
export async function operatorStanding(
  client: PublicClient<Transport, Chain>,
  vault: Address,
  operator: Address,
): Promise<OperatorStanding> {
  const view = { address: vault, abi: stakingVaultAbi } as const;
  const [info, activeStake, minOperatorStake, weight] = await Promise.all([
    client.readContract({ ...view, functionName: "operatorInfo", args: [operator] }),
    client.readContract({ ...view, functionName: "activeStakeOf", args: [operator] }),
    client.readContract({ ...view, functionName: "minOperatorStake" }),
    client.readContract({ ...view, functionName: "operatorWeight", args: [operator] }),
  ]);
  const { registered } = info;
  const dormant = registered && weight === 0n;
  return {
    registered,
    activeStake,
    minOperatorStake,
    weight,
    dormant,
    advice: adviceFor(registered, activeStake, minOperatorStake, weight),
  };
}

function adviceFor(registered: boolean, active: bigint, minimum: bigint, weight: bigint): string | undefined {
  const tokens = (wei: bigint) => formatEther(wei);
  if (!registered) {
    return active >= minimum
      ? "not registered: run `symbiote-oracle register --endpoint <url>` to be drawn for requests"
      : `not registered: stake at least ${tokens(minimum - active)} more (\`symbiote-oracle stake ${tokens(minimum - active)}\`), then \`symbiote-oracle register --endpoint <url>\``;
  }
  if (weight !== 0n) return undefined;
  if (active < minimum) {
    return `dormant: registered, but the active stake ${tokens(active)} is below the minimum ${tokens(minimum)}, so this operator is never drawn; stake ${tokens(minimum - active)} more (\`symbiote-oracle stake ${tokens(minimum - active)}\`: your own stake re-arms you), or leave with \`symbiote-oracle deregister\``;
  }
  return `dormant: registered with ${tokens(active)} staked (the minimum is ${tokens(minimum)}) but draw weight 0: stake paid in by someone else or a lower minimum does not re-arm an operator; run \`symbiote-oracle sync\``;
}
