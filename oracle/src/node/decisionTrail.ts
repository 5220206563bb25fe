import type { Deployment, Manifest } from "@symbiote/circuits";
import {
  type ChainRequest,
  coordinatorAbi,
  type DecisionFees,
  decodePublicSignals,
  FatalError,
  getDecisionFees,
  inputModeName,
  modelRegistryAbi,
  RequestStatus,
} from "@symbiote/sdk";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
// the explorer runs this file in the browser, and @symbiote/circuits's entry reaches node code (the prover, the
// build); the binding itself is browser-safe
import { computeBinding } from "../../../circuits/src/binding.ts";
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
  /** Where this request's escrow went once fulfilled (see the SDK's `DecisionFees`). */
  fees?: DecisionFees;
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
  const fees = await getDecisionFees(client, { deployment, request, operator, decision: recorded });
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
