import { type protocol, rpc } from "@symbiote/devnet";
import { governorAbi, stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import { type Address, type Hex, keccak256, maxUint256, parseEther, toHex } from "viem";
import type { Deployment } from "../../circuits/src/deployment.ts";

/** A governor proposal as `npm run model -- compile --registry` and `npm run ceremony -- proposal` write it. */
export type GovernanceProposal = {
  targets: readonly Address[];
  values: readonly (string | bigint | number)[];
  calldatas: readonly Hex[];
  description: string;
};

/**
 * Passes `proposal` through the governor and its timelock on a local chain: `voter` (who holds the token supply)
 * stakes enough to propose and carry the vote alone, proposes, votes, queues and executes, anvil's clock moved past
 * each delay. Returns execute's receipt.
 */
export async function passProposal(
  p: ReturnType<typeof protocol>,
  anvilUrl: string,
  deployment: Deployment,
  governor: Address,
  voter: Hex,
  proposal: GovernanceProposal,
) {
  const send = async (call: Record<string, unknown>) => {
    const hash = await p.wallet(voter).writeContract(call as never);
    const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${String(call.functionName)} reverted (${hash})`);
    return receipt;
  };
  const advance = async (seconds: bigint) => {
    await rpc(anvilUrl, "evm_increaseTime", [Number(seconds)]);
    await rpc(anvilUrl, "evm_mine");
  };
  const g = { address: governor, abi: governorAbi };
  const args = [proposal.targets, proposal.values.map(BigInt), proposal.calldatas] as const;
  const descriptionHash = keccak256(toHex(proposal.description));
  await send({
    address: deployment.token,
    abi: tokenAbi,
    functionName: "approve",
    args: [deployment.vault, maxUint256],
  });
  await send({ address: deployment.vault, abi: stakingVaultAbi, functionName: "stake", args: [parseEther("20000")] });
  // voting power is read at the proposal's snapshot, strictly after the stake's checkpoint
  await advance(2n);
  await send({ ...g, functionName: "propose", args: [...args, proposal.description] });
  const proposalId = await p.publicClient.readContract({
    ...g,
    functionName: "hashProposal",
    args: [...args, descriptionHash],
  });
  await advance((await p.publicClient.readContract({ ...g, functionName: "votingDelay" })) + 1n);
  await send({ ...g, functionName: "castVote", args: [proposalId, 1] });
  await advance((await p.publicClient.readContract({ ...g, functionName: "votingPeriod" })) + 1n);
  await send({ ...g, functionName: "queue", args: [...args, descriptionHash] });
  const eta = await p.publicClient.readContract({ ...g, functionName: "proposalEta", args: [proposalId] });
  await advance(eta - (await p.publicClient.getBlock()).timestamp + 1n);
  return send({ ...g, functionName: "execute", args: [...args, descriptionHash] });
}
