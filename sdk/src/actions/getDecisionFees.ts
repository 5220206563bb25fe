import type { Address, Chain, Client, Hex, Transport } from "viem";
import { getAbiItem } from "viem";
import { getLogs } from "viem/actions";
import { coordinatorAbi } from "../abis.ts";
import { type FeeParts, type FeeShares, groupFeeParts, requestFeeParts, sameParts } from "../codecs/feeSplit.ts";
import type { ChainRequest } from "../codecs/request.ts";
import type { Deployment } from "../deployment.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import { protocolRead } from "../utils/transaction.ts";

export type GetDecisionFeesParameters = {
  deployment: Pick<Deployment, "coordinator" | "startBlock">;
  /** The settled request, as `InferenceRequested` emitted it. */
  request: ChainRequest;
  /** The operator that settled it (`DecisionRecorded.operator`). */
  operator: Address;
  /** Where its `DecisionRecorded` is. */
  decision: { blockNumber: bigint; logIndex: number; transactionHash: Hex };
};

/**
 * One fulfilled request's fee parts: FeeSplitMath on `request.fee` with the shares in force at the settlement (the
 * last `FeeSharesUpdated` before it), plus `request.callbackFee` to the operator.
 *
 * A batch logs one `FeesCredited` per model version (the split of the group's summed fees), from which a request's
 * parts differ by at most the group's rounding dust: `group` is that event, and `groupMatches` says whether the split
 * of the summed fees of every request the transaction settled on this version (plus their callback fees to the
 * operator) equals it exactly. A single `fulfill` logs no `FeesCredited` and credits exactly `parts`: `single` is then
 * true, `group` absent and `groupMatches` true.
 */
export type DecisionFees = {
  shares: FeeShares;
  parts: FeeParts;
  group?: { count: bigint; amounts: FeeParts };
  groupMatches: boolean;
  /** Settled by a single `fulfill`, which credited exactly `parts` (no `FeesCredited` in its transaction). */
  single: boolean;
};

/** Undefined when no fee shares were ever set (not a coordinator this SDK knows). */
export type GetDecisionFeesReturnType = DecisionFees | undefined;

export type GetDecisionFeesErrorType = RpcUnreachableError;

/**
 * Derives a fulfilled request's fee parts and, for a batch, checks them against its transaction's `FeesCredited` for
 * the version: the shares from the last `FeeSharesUpdated` before the decision, the other requests of the group from
 * the transaction's `DecisionRecorded` and their `InferenceRequested`.
 *
 * @example
 * const fees = await getDecisionFees(client, { deployment, request, operator, decision: recordedLog });
 * if (fees && !fees.groupMatches) console.warn("the FeesCredited group does not add up");
 */
export async function getDecisionFees(
  client: Client<Transport, Chain | undefined>,
  parameters: GetDecisionFeesParameters,
): Promise<GetDecisionFeesReturnType> {
  const { deployment, request, operator, decision } = parameters;
  const coordinator = deployment.coordinator;
  const at = { fromBlock: decision.blockNumber, toBlock: decision.blockNumber, strict: true } as const;
  const [shareUpdates, credited, decided] = await protocolRead("read the fee split", () =>
    Promise.all([
      getLogs(client, {
        address: coordinator,
        event: getAbiItem({ abi: coordinatorAbi, name: "FeeSharesUpdated" }),
        fromBlock: deployment.startBlock,
        toBlock: decision.blockNumber,
        strict: true,
      }),
      getLogs(client, {
        address: coordinator,
        event: getAbiItem({ abi: coordinatorAbi, name: "FeesCredited" }),
        args: { modelId: request.modelId, version: request.version, operator },
        ...at,
      }),
      getLogs(client, {
        address: coordinator,
        event: getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" }),
        ...at,
      }),
    ]),
  );
  const before = shareUpdates.filter(
    (log) =>
      log.blockNumber < decision.blockNumber ||
      (log.blockNumber === decision.blockNumber && log.logIndex < decision.logIndex),
  );
  const update = before[before.length - 1];
  if (!update) return undefined;
  const shares = update.args.shares as FeeShares;
  const parts = requestFeeParts(request, shares);
  const credit = credited.find((log) => log.transactionHash === decision.transactionHash);
  // no credit logged for this version and operator in the transaction: the request was settled by `fulfill`
  if (!credit) return { shares, parts, groupMatches: true, single: true };
  const group = {
    count: credit.args.count,
    amounts: {
      operator: credit.args.operatorAmount,
      modelOwner: credit.args.modelOwnerAmount,
      data: credit.args.dataAmount,
      stakers: credit.args.stakersAmount,
      treasury: credit.args.treasuryAmount,
    },
  };
  // the requests this transaction settled, then those of them on this model version: their parts make the group
  const settledIds = decided
    .filter((log) => log.transactionHash === decision.transactionHash)
    .map((log) => log.args.requestId);
  const requested =
    settledIds.length === 0
      ? []
      : await protocolRead("read the fee group's requests", () =>
          getLogs(client, {
            address: coordinator,
            event: getAbiItem({ abi: coordinatorAbi, name: "InferenceRequested" }),
            args: { requestId: settledIds, modelId: request.modelId },
            fromBlock: deployment.startBlock,
            toBlock: decision.blockNumber,
            strict: true,
          }),
        );
  const members = requested.map((log) => log.args.request).filter((r) => r.version === request.version);
  const derived = groupFeeParts(members, shares);
  const groupMatches = BigInt(members.length) === group.count && sameParts(derived, group.amounts);
  return { shares, parts, group, groupMatches, single: false };
}
