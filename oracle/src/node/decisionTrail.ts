import type { Deployment, Manifest } from "@symbiote/circuits";
import {
  type ChainRequest,
  coordinatorAbi,
  decodePublicSignals,
  FatalError,
  inputModeName,
  modelRegistryAbi,
  RequestStatus,
} from "@symbiote/sdk";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
// the explorer runs this file in the browser, and @symbiote/circuits's entry reaches node code (the prover, the
// build); the binding itself is browser-safe
import { computeBinding } from "../../../circuits/src/binding.ts";
import { type FeeParts, type FeeShares, groupFeeParts, requestFeeParts, sameParts } from "../chain/feeSplit.ts";
import { resolveCircuit } from "../models/circuitArtifacts.ts";

const STATUS = ["None", "Pending", "Fulfilled", "CallbackFailed", "Expired"] as const;

/** No request with this id on this coordinator (a typo, or a deployment other than the one the id came from). */
export class UnknownRequestError extends FatalError {
  override name = "UnknownRequestError";
}

/** Everything an auditor needs about one decision, read from the chain only. */
export type DecisionTrail = {
  requestId: bigint;
  status: (typeof STATUS)[number];
  model: { id: bigint; version: number; metadataURI: string; weightsCommitment: bigint; trainingDataRoot: Hex };
  circuit: { registryId: number; manifestId: string; backend: string };
  inputMode: "public" | "committed";
  requester: Address;
  inputWords: bigint[];
  /** The request exactly as `InferenceRequested` emitted it (fee, deadline, data owner, callback gas…). */
  request: ChainRequest;
  /** The block of the request event: later events of the request are never older. */
  requestBlock: bigint;
  operator?: Address;
  outputs?: bigint[];
  /** Outputs decoded through the circuit's layout: score, decision, each feature's contribution (raw fixed point). */
  decoded?: Record<string, bigint>;
  proofHash?: Hex;
  verifyingTransaction?: { hash: Hex; blockNumber: bigint };
  /** Where this request's escrow went once fulfilled (see `DecisionFees`). */
  fees?: DecisionFees;
};

/**
 * One fulfilled request's fee parts. The coordinator emits only per-group parts (`FeesCredited`, one per model version
 * per transaction: the split of the group's summed fees), so a request's parts are FeeSplitMath on `request.fee` with
 * the shares in force at the settlement (the last `FeeSharesUpdated` before it), plus `request.callbackFee` to the
 * operator: its share of the group up to the group's rounding dust. `group` is the transaction's `FeesCredited` for
 * this version; `groupMatches` says whether the split of the summed fees of every request that transaction settled
 * on this version (plus their callback fees to the operator) equals it exactly.
 */
export type DecisionFees = {
  shares: FeeShares;
  parts: FeeParts;
  group?: { count: bigint; amounts: FeeParts };
  groupMatches: boolean;
};

/**
 * Reads the audit trail of a request: the request event, the registry's record of the model version and circuit,
 * the `DecisionRecorded` event with its outputs decoded through the manifest layout, and the transaction that
 * verified the proof.
 */
export async function decisionTrail(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  manifest: Manifest,
  requestId: bigint,
): Promise<DecisionTrail> {
  // two rounds of reads: the request (its record and its event), then everything that needs the event
  const [decision, [requested]] = await Promise.all([
    client.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "decisionOf",
      args: [requestId],
    }),
    client.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "InferenceRequested",
      args: { requestId },
      fromBlock: deployment.startBlock,
      strict: true,
    }),
  ]);
  if (decision.status === RequestStatus.None) {
    throw new UnknownRequestError(
      `request ${requestId} does not exist on this coordinator; check the id and the deployment.`,
    );
  }
  if (!requested) throw new FatalError(`no InferenceRequested event for request ${requestId}; is the RPC node pruned?`);
  const request = requested.args.request;
  const [version, registryCircuit, [recorded], chainId] = await Promise.all([
    client.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "version",
      args: [request.modelId, request.version],
    }),
    client.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [request.circuitId],
    }),
    // nothing to find while the request is pending or expired
    decision.status === RequestStatus.Fulfilled || decision.status === RequestStatus.CallbackFailed
      ? client.getContractEvents({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          eventName: "DecisionRecorded",
          args: { requestId },
          fromBlock: requested.blockNumber,
          strict: true,
        })
      : [],
    client.getChainId(),
  ]);
  const circuit = resolveCircuit(manifest, { circuitId: request.circuitId, ...registryCircuit });
  const trail: DecisionTrail = {
    requestId,
    status: STATUS[decision.status] ?? "None",
    model: {
      id: request.modelId,
      version: request.version,
      metadataURI: version.metadataURI,
      weightsCommitment: request.weightsCommitment,
      trainingDataRoot: version.trainingDataRoot,
    },
    circuit: { registryId: request.circuitId, manifestId: circuit.manifestId, backend: circuit.backend },
    inputMode: inputModeName(request.inputMode),
    requester: request.requester,
    inputWords: [...request.inputWords],
    request,
    requestBlock: requested.blockNumber,
  };
  if (!recorded) return trail;
  const { operator, outputs, proofHash } = recorded.args;
  const binding = computeBinding({
    chainId: BigInt(chainId),
    coordinator: deployment.coordinator,
    requestId,
    operator,
  });
  const entry = manifest.circuits.find((c) => c.id === circuit.manifestId);
  const signals = [...outputs, ...request.inputWords, request.weightsCommitment, binding];
  const fees = await feesOf(client, deployment, request, operator, recorded);
  return {
    ...trail,
    operator,
    outputs: [...outputs],
    decoded: entry ? decodePublicSignals(entry.publicSignals, signals) : undefined,
    proofHash,
    verifyingTransaction: { hash: recorded.transactionHash, blockNumber: recorded.blockNumber },
    ...(fees ? { fees } : {}),
  };
}

type LogPosition = { blockNumber: bigint; logIndex: number; transactionHash: Hex };

/**
 * Derives a fulfilled request's fee parts and checks them against its transaction's `FeesCredited` for the version:
 * the shares from the last `FeeSharesUpdated` before the decision, the other requests of the group from the
 * transaction's `DecisionRecorded` and their `InferenceRequested`. Undefined if no shares were ever set (not a
 * coordinator this code knows).
 */
async function feesOf(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  request: ChainRequest,
  operator: Address,
  recorded: LogPosition,
): Promise<DecisionFees | undefined> {
  const at = { fromBlock: recorded.blockNumber, toBlock: recorded.blockNumber, strict: true } as const;
  const [shareUpdates, credited, decided] = await Promise.all([
    client.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "FeeSharesUpdated",
      fromBlock: deployment.startBlock,
      toBlock: recorded.blockNumber,
      strict: true,
    }),
    client.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "FeesCredited",
      args: { modelId: request.modelId, version: request.version, operator },
      ...at,
    }),
    client.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "DecisionRecorded",
      ...at,
    }),
  ]);
  const before = shareUpdates.filter(
    (log) =>
      log.blockNumber < recorded.blockNumber ||
      (log.blockNumber === recorded.blockNumber && log.logIndex < recorded.logIndex),
  );
  const update = before[before.length - 1];
  if (!update) return undefined;
  const shares = update.args.shares as FeeShares;
  const parts = requestFeeParts(request, shares);
  const credit = credited.find((log) => log.transactionHash === recorded.transactionHash);
  if (!credit) return { shares, parts, groupMatches: false };
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
    .filter((log) => log.transactionHash === recorded.transactionHash)
    .map((log) => log.args.requestId);
  const requested =
    settledIds.length === 0
      ? []
      : await client.getContractEvents({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          eventName: "InferenceRequested",
          args: { requestId: settledIds, modelId: request.modelId },
          fromBlock: deployment.startBlock,
          toBlock: recorded.blockNumber,
          strict: true,
        });
  const members = requested.map((log) => log.args.request).filter((r) => r.version === request.version);
  const derived = groupFeeParts(members, shares);
  const groupMatches = BigInt(members.length) === group.count && sameParts(derived, group.amounts);
  return { shares, parts, group, groupMatches };
}
