import type { TreeParameters } from "@symbiote/compiler";
import type { ChainRequest, CircuitEntry, FeeParts, PublicSignal } from "@symbiote/sdk";
import {
  coordinatorAbi,
  type DecisionTrail,
  decodePublicSignals,
  fixedToNumber,
  fulfilledRecordHash,
  getDecisionTrail,
  modelRegistryAbi,
} from "@symbiote/sdk";
import type { Address, Hex } from "viem";
import { type Explanation, explanationOf } from "../format/explanation.ts";
import { type DisplayStatus, statusFromChain } from "../format/status.ts";
import { type TreePathView, treePathOf } from "../format/treePath.ts";
import type { CardIndex } from "./cards.ts";
import type { Explorer } from "./connect.ts";
import type { CardView } from "./modelCard.ts";
import { type TrustedSetupView, trustedSetupOf } from "./trustedSetup.ts";

/**
 * How a fulfilled request's fee was split: its own parts, derived from its fee with the shares in force (the operator
 * also gets the callback fee, shown apart). Settled alone, the request was credited exactly these parts; in a batch,
 * whose `FeesCredited` carries one sum per version, `groupMatches` says whether that sum is exactly its requests' parts.
 */
export type FeeSplitView = FeeParts & {
  /** Requests the transaction settled on this version (FeesCredited.count). */
  groupCount?: bigint;
  groupMatches: boolean;
  /** Settled alone by `fulfill`, which credits exactly these parts and logs no FeesCredited. */
  single: boolean;
};

/** Everything the decision page shows about one request. */
export type DecisionView = {
  trail: DecisionTrail;
  status: DisplayStatus;
  /** Chain time when read. */
  now: bigint;
  /** The version's model card: verified (its name and feature names label the page), refused or unavailable. */
  card: CardView;
  model: { owner: Address; feePerInference: bigint; community: boolean; versionCount: number };
  version: { flagged: boolean; flagReasonURI: string; publishedAt: bigint; totalDataWeight: bigint };
  /** The circuit's public-signal layout (from circuits/manifest.json), when the registry's circuit is known. */
  layout?: readonly PublicSignal[];
  family?: string;
  explanation?: Explanation;
  /** A tree ensemble's proven decision path, per tree (the explanation of a tree circuit). */
  treePath?: TreePathView;
  /** Public inputs decoded to real numbers (public-input requests). */
  publicInputs?: { label: string; value: number }[];
  /**
   * Pending: who is due to serve it (zero address while the round's seed is unknown, or if the seed drew nobody because
   * no operator had declared the version).
   */
  assignedOperator?: Address;
  verified?: {
    transaction: Hex;
    block: bigint;
    timestamp: bigint;
    /** The decision event (request, outputs, proof hash, operator) hashes to the coordinator's record (decisionOf.hash). */
    matchesRecord: boolean;
    /** Seconds from request to verified fulfillment. */
    latency: bigint;
  };
  /** The trusted setup of the circuit's keys (from circuits/manifest.json), when the registry's circuit is known. */
  trustedSetup?: TrustedSetupView;
  feeSplit?: FeeSplitView;
  /** No callback asked for, or its outcome. */
  callback: "none" | "succeeded" | "failed" | "not yet";
  /**
   * `RequestExpired`: the requester got `refund` (its whole escrow); `operator` (zero if nobody answered for it) lost
   * `slashed`, which went to the treasury, never to the requester.
   */
  expiry?: { operator: Address; refund: bigint; slashed: bigint; transaction: Hex };
};

/**
 * Reads one request's full story: the node's audit trail (oracle/src/node/decisionTrail.ts) plus the model and
 * version standing, the explanation, the verifying block, the fee split (from the trail), the callback and any expiry — every read
 * after the trail in parallel, event reads pinned to the blocks the trail found.
 *
 * @throws {UnknownRequestError} no such request on this coordinator.
 */
export async function loadDecision(explorer: Explorer, cards: CardIndex, requestId: bigint): Promise<DecisionView> {
  const { client, deployment, manifest } = explorer;
  // the record is read while the trail reads the events; the model and version come from the request in the trail
  // (the one-slot record keeps only a status and a hash)
  const [trail, latest, record] = await Promise.all([
    getDecisionTrail(client, { deployment, manifest, requestId }),
    client.getBlock({ blockTag: "latest" }),
    client.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "decisionOf",
      args: [requestId],
    }),
  ]);
  const { request } = trail;
  const verifyingBlock = trail.verifyingTransaction?.blockNumber;
  const [card, model, version, blockOfProof, assigned, expiries] = await Promise.all([
    cards.card(trail.model.metadataURI),
    client.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "model",
      args: [request.modelId],
    }),
    client.readContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "version",
      args: [request.modelId, request.version],
    }),
    verifyingBlock === undefined ? undefined : client.getBlock({ blockNumber: verifyingBlock }),
    trail.status === "Pending"
      ? client.readContract({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          functionName: "assignedOperator",
          args: [request],
        })
      : undefined,
    trail.status === "Expired"
      ? client.getContractEvents({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          eventName: "RequestExpired",
          args: { requestId },
          fromBlock: trail.requestBlock,
          strict: true,
        })
      : [],
  ]);
  const entry = manifest.circuits.find((c) => c.id === trail.circuit.manifestId);
  const view: DecisionView = {
    trail,
    status: statusFromChain(record.status, request.deadline, latest.timestamp) ?? "pending",
    now: latest.timestamp,
    card,
    model: {
      owner: model.owner,
      feePerInference: model.feePerInference,
      community: model.community,
      versionCount: model.versionCount,
    },
    version: {
      flagged: version.flagged,
      flagReasonURI: version.flagReasonURI,
      publishedAt: version.publishedAt,
      totalDataWeight: version.totalDataWeight,
    },
    callback: request.callbackGasLimit === 0 ? "none" : "not yet",
  };
  if (entry) {
    view.trustedSetup = trustedSetupOf(manifest, entry.id, trail.circuit.backend);
    view.layout = entry.publicSignals;
    view.family = entry.shape.family;
    const features = card.state === "verified" ? card.card.features : undefined;
    if (trail.decoded) view.explanation = explanationOf(entry.publicSignals, trail.decoded, features);
    const shape = entry.shape as CircuitEntry["shape"];
    if (shape.family === "trees" && trail.outputs) {
      // the card's parser checked the format tag; treePathOf checks the rest before using them
      const published = card.state === "verified" ? (card.card.trees as TreeParameters | undefined) : undefined;
      view.treePath = treePathOf({ ...entry, shape }, trail.outputs, {
        ...(features ? { featureNames: features } : {}),
        ...(published ? { published } : {}),
      });
    }
    view.publicInputs = publicInputsOf(entry.publicSignals, request, features);
  }
  if (assigned !== undefined) view.assignedOperator = assigned;
  if (trail.outputs && trail.proofHash && trail.operator && trail.verifyingTransaction && blockOfProof) {
    view.verified = {
      transaction: trail.verifyingTransaction.hash,
      block: trail.verifyingTransaction.blockNumber,
      timestamp: blockOfProof.timestamp,
      matchesRecord: fulfilledRecordHash(request, trail.outputs, trail.proofHash, trail.operator) === record.hash,
      latency: blockOfProof.timestamp - request.requestedAt,
    };
  }
  if (trail.fees) {
    view.feeSplit = {
      ...trail.fees.parts,
      // the callback fee has its own row (it goes to the operator too); this is the operator's share of the fee
      operator: trail.fees.parts.operator - request.callbackFee,
      ...(trail.fees.group ? { groupCount: trail.fees.group.count } : {}),
      groupMatches: trail.fees.groupMatches,
      single: trail.fees.single,
    };
  }
  // the callback runs in the verifying transaction: its outcome is the record's status (3 = CallbackFailed, which
  // the coordinator also logs as CallbackFailed; success has no event of its own)
  if (view.verified && request.callbackGasLimit > 0) view.callback = record.status === 3 ? "failed" : "succeeded";
  const expiry = expiries[0];
  if (expiry) {
    view.expiry = {
      operator: expiry.args.operator,
      refund: expiry.args.refund,
      slashed: expiry.args.slashed,
      transaction: expiry.transactionHash,
    };
  }
  return view;
}

/**
 * The request's public feature words, decoded through the input part of the layout (committed inputs have none),
 * labelled with the card's feature names when there are as many as lanes.
 */
function publicInputsOf(
  layout: readonly PublicSignal[],
  request: ChainRequest,
  features: readonly string[] = [],
): { label: string; value: number }[] {
  const packed = layout.filter((signal) => signal.kind === "input" && signal.encoding === "packed");
  if (packed.length === 0 || request.inputWords.length < packed.length) return [];
  const decoded = decodePublicSignals(packed, request.inputWords.slice(0, packed.length));
  const lanes = packed.flatMap((signal) => signal.lanes ?? []);
  const named = features.length === lanes.length;
  return lanes.map((lane, i) => ({
    label: named ? (features[i] as string) : lane.name,
    value: fixedToNumber(decoded[lane.name] ?? 0n, lane.fracBits ?? 0),
  }));
}
