import { coordinatorAbi, stakingVaultAbi } from "@symbiote/sdk";
import type { Address } from "viem";
import type { Explorer } from "./connect.ts";
import type { CoordinatorIndex } from "./coordinatorIndex.ts";
import { getLogsInRanges } from "./logs.ts";

export type LatencyStats = { samples: number; median: number; p90: number };

export type OperatorView = {
  address: Address;
  registered: boolean;
  endpoint: string;
  registeredAt: bigint;
  eligible: boolean;
  /** Selection weight (its active stake while eligible, 0 otherwise). */
  weight: bigint;
  activeStake: bigint;
  cooldown: bigint;
  fulfilled: number;
  /** Requests it was due to serve that expired. */
  missed: number;
  /** Total slashed from it by the vault (Slashed events). */
  slashed: bigint;
  /** Accrued, unpaid operator share of fees. */
  earnings: bigint;
  /** Seconds from request to verified fulfillment over its latest fulfillments. */
  latency?: LatencyStats;
};

export type OperatorsView = { operators: OperatorView[]; minOperatorStake: bigint; totalWeight: bigint };

/** Fulfillments whose block time is read for latency: the newest ones, so one page load stays a few requests. */
export const LATENCY_SAMPLE = 200;

/** Median and 90th percentile (nearest rank) of a list of durations. */
export function latencyStats(seconds: readonly number[]): LatencyStats | undefined {
  if (seconds.length === 0) return undefined;
  const sorted = [...seconds].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
  return { samples: sorted.length, median: rank(0.5), p90: rank(0.9) };
}

/**
 * The operator set with stake, eligibility, work done and missed, slashing and latency: the vault's registry for the
 * set and stake, the coordinator index for fulfillments and expiries, the vault's Slashed events for slashing.
 */
export async function loadOperators(explorer: Explorer, index: CoordinatorIndex): Promise<OperatorsView> {
  const { client, deployment } = explorer;
  const vault = { address: deployment.vault, abi: stakingVaultAbi } as const;
  const [[accounts], minOperatorStake, totalWeight, slashes] = await Promise.all([
    client.readContract({ ...vault, functionName: "operators" }),
    client.readContract({ ...vault, functionName: "minOperatorStake" }),
    client.readContract({ ...vault, functionName: "totalOperatorWeight" }),
    index
      .sync()
      .then(() =>
        getLogsInRanges(
          (fromBlock, toBlock) =>
            client.getContractEvents({ ...vault, eventName: "Slashed", fromBlock, toBlock, strict: true }),
          deployment.startBlock,
          index.head,
        ),
      ),
  ]);
  const requests = [...index.requests.values()];
  const known = new Set<string>(accounts.filter((a) => BigInt(a) !== 0n).map((a) => a.toLowerCase()));
  // operators that served or missed work and have since left the set still belong in the table
  for (const r of requests) {
    if (r.operator) known.add(r.operator.toLowerCase());
    if (r.expiry && BigInt(r.expiry.operator) !== 0n) known.add(r.expiry.operator.toLowerCase());
  }
  const addresses = [...known].map((a) => accounts.find((x) => x.toLowerCase() === a) ?? (a as Address));
  const fulfillments = requests
    .filter((r) => r.operator && r.fulfilledBlock !== undefined)
    .sort((a, b) => Number((b.fulfilledBlock ?? 0n) - (a.fulfilledBlock ?? 0n)))
    .slice(0, LATENCY_SAMPLE);
  const blocks = [...new Set(fulfillments.map((r) => r.fulfilledBlock as bigint))];
  const [details, blockTimes] = await Promise.all([
    Promise.all(
      addresses.map((address) =>
        Promise.all([
          client.readContract({ ...vault, functionName: "operatorInfo", args: [address] }),
          client.readContract({ ...vault, functionName: "activeStakeOf", args: [address] }),
          client.readContract({ ...vault, functionName: "cooldownOf", args: [address] }),
          client.readContract({ ...vault, functionName: "isEligibleOperator", args: [address] }),
          client.readContract({ ...vault, functionName: "operatorWeight", args: [address] }),
          client.readContract({
            address: deployment.coordinator,
            abi: coordinatorAbi,
            functionName: "operatorEarnings",
            args: [address],
          }),
        ]),
      ),
    ),
    Promise.all(blocks.map((blockNumber) => client.getBlock({ blockNumber }))).then(
      (list) => new Map(list.map((b) => [b.number, b.timestamp])),
    ),
  ]);
  const operators = addresses.map((address, i): OperatorView => {
    const [info, activeStake, [cooldown], eligible, weight, earnings] = details[i] as NonNullable<
      (typeof details)[number]
    >;
    const mine = (a: Address | undefined) => a?.toLowerCase() === address.toLowerCase();
    const latencies = fulfillments
      .filter((r) => mine(r.operator))
      .map((r) => Number((blockTimes.get(r.fulfilledBlock as bigint) ?? r.requestedAt) - r.requestedAt));
    const latency = latencyStats(latencies);
    return {
      address,
      registered: info.registered,
      endpoint: info.endpoint,
      registeredAt: info.registeredAt,
      eligible,
      weight,
      activeStake,
      cooldown,
      fulfilled: requests.filter((r) => mine(r.operator)).length,
      missed: requests.filter((r) => mine(r.expiry?.operator)).length,
      slashed: slashes
        .filter((s) => mine(s.args.account))
        .reduce((sum, s) => sum + s.args.fromActive + s.args.fromCooldown, 0n),
      earnings,
      ...(latency ? { latency } : {}),
    };
  });
  operators.sort((a, b) => (b.activeStake > a.activeStake ? 1 : b.activeStake < a.activeStake ? -1 : 0));
  return { operators, minOperatorStake, totalWeight };
}
