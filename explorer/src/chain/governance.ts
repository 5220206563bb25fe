import {
  auditRegistryAbi,
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  governorAbi,
  modelRegistryAbi,
  stakingVaultAbi,
  timelockAbi,
  tokenAbi,
} from "@symbiote/sdk";
import { type Abi, type Address, decodeFunctionData, type Hex } from "viem";
import type { Explorer } from "./connect.ts";
import { getLogsInRanges } from "./logs.ts";

/** OpenZeppelin's IGovernor.ProposalState, in order. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

export type ProposalAction = { target: Address; targetName?: string; value: bigint; call: string };
export type Vote = { voter: Address; support: "for" | "against" | "abstain"; weight: bigint; reason: string };

export type ProposalView = {
  id: bigint;
  proposer: Address;
  description: string;
  actions: ProposalAction[];
  voteStart: bigint;
  voteEnd: bigint;
  state: (typeof PROPOSAL_STATES)[number] | "Unknown";
  votes: { for: bigint; against: bigint; abstain: bigint };
  quorum?: bigint;
  /** Timelock release time once queued. */
  eta: bigint;
  voters: Vote[];
  created: { block: bigint; transaction: Hex };
  queued?: Hex;
  executed?: Hex;
  canceled?: Hex;
};

export type GovernanceView = {
  governor: Address;
  timelock?: Address;
  votingDelay: bigint;
  votingPeriod: bigint;
  proposalThreshold: bigint;
  timelockDelay?: bigint;
  now: bigint;
  /** Newest first. */
  proposals: ProposalView[];
};

const SUPPORT = ["against", "for", "abstain"] as const;

/** Every protocol ABI, so a proposal's calldata decodes to the function it calls whichever contract it targets. */
const PROTOCOL_ABI = [
  ...modelRegistryAbi,
  // a flagging proposal cites its audit as an AuditRegistry.audit call (docs/governance.md)
  ...auditRegistryAbi,
  ...coordinatorAbi,
  ...stakingVaultAbi,
  ...tokenAbi,
  ...dataRegistryAbi,
  ...dataRewardsAbi,
  ...governorAbi,
  ...timelockAbi,
] as Abi;

function formatArgument(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return /^0x/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatArgument).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatArgument(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A call as `functionName(arg, …)` when a protocol ABI knows its selector, else the raw selector and length. */
export function describeCall(data: Hex): string {
  try {
    const { functionName, args } = decodeFunctionData({ abi: PROTOCOL_ABI, data });
    return `${functionName}(${(args ?? []).map(formatArgument).join(", ")})`;
  } catch {
    return `${data.slice(0, 10)}… (${(data.length - 2) / 2} bytes, unknown function)`;
  }
}

/**
 * Proposals with their actions (decoded), votes, state and timelock progress, read from the governor's events in
 * bounded ranges plus one batch of state reads per proposal.
 */
export async function loadGovernance(explorer: Explorer): Promise<GovernanceView | undefined> {
  const { client, deployment, extra } = explorer;
  if (!extra.governor) return undefined;
  const governor = { address: extra.governor, abi: governorAbi } as const;
  const latest = await client.getBlock({ blockTag: "latest" });
  const [logs, votingDelay, votingPeriod, proposalThreshold, timelockDelay] = await Promise.all([
    getLogsInRanges(
      (fromBlock, toBlock) => client.getContractEvents({ ...governor, fromBlock, toBlock }),
      deployment.startBlock,
      latest.number,
    ),
    client.readContract({ ...governor, functionName: "votingDelay" }),
    client.readContract({ ...governor, functionName: "votingPeriod" }),
    client.readContract({ ...governor, functionName: "proposalThreshold" }),
    extra.timelock
      ? client.readContract({ address: extra.timelock, abi: timelockAbi, functionName: "getMinDelay" })
      : undefined,
  ]);
  const proposals = new Map<bigint, ProposalView>();
  for (const log of logs) {
    if (log.eventName === "ProposalCreated") {
      const a = log.args;
      if (a.proposalId === undefined) continue;
      proposals.set(a.proposalId, {
        id: a.proposalId,
        proposer: a.proposer as Address,
        description: a.description ?? "",
        actions: (a.targets ?? []).map((target, i) => {
          const targetName = explorer.contractNames.get(target.toLowerCase());
          return {
            target,
            ...(targetName ? { targetName } : {}),
            value: a.values?.[i] ?? 0n,
            call: describeCall((a.calldatas?.[i] ?? "0x") as Hex),
          };
        }),
        voteStart: a.voteStart ?? 0n,
        voteEnd: a.voteEnd ?? 0n,
        state: "Unknown",
        votes: { for: 0n, against: 0n, abstain: 0n },
        eta: 0n,
        voters: [],
        created: { block: log.blockNumber, transaction: log.transactionHash },
      });
      continue;
    }
    const id = "proposalId" in log.args ? (log.args.proposalId as bigint | undefined) : undefined;
    const proposal = id === undefined ? undefined : proposals.get(id);
    if (!proposal) continue;
    if (log.eventName === "VoteCast" || log.eventName === "VoteCastWithParams") {
      proposal.voters.push({
        voter: log.args.voter as Address,
        support: SUPPORT[Number(log.args.support)] ?? "abstain",
        weight: log.args.weight ?? 0n,
        reason: log.args.reason ?? "",
      });
    } else if (log.eventName === "ProposalQueued") proposal.queued = log.transactionHash;
    else if (log.eventName === "ProposalExecuted") proposal.executed = log.transactionHash;
    else if (log.eventName === "ProposalCanceled") proposal.canceled = log.transactionHash;
  }
  const list = [...proposals.values()].reverse();
  await Promise.all(
    list.map(async (p) => {
      const [state, [against, forVotes, abstain], eta, quorum] = await Promise.all([
        client.readContract({ ...governor, functionName: "state", args: [p.id] }),
        client.readContract({ ...governor, functionName: "proposalVotes", args: [p.id] }),
        client.readContract({ ...governor, functionName: "proposalEta", args: [p.id] }),
        // quorum is only defined for a snapshot in the past
        p.voteStart < latest.timestamp
          ? client.readContract({ ...governor, functionName: "quorum", args: [p.voteStart] }).catch(() => undefined)
          : undefined,
      ]);
      p.state = PROPOSAL_STATES[state] ?? "Unknown";
      p.votes = { for: forVotes, against, abstain };
      p.eta = eta;
      if (quorum !== undefined) p.quorum = quorum;
    }),
  );
  return {
    governor: extra.governor,
    ...(extra.timelock ? { timelock: extra.timelock } : {}),
    votingDelay: BigInt(votingDelay),
    votingPeriod: BigInt(votingPeriod),
    proposalThreshold,
    ...(timelockDelay !== undefined ? { timelockDelay } : {}),
    now: latest.timestamp,
    proposals: list,
  };
}
