import type { AbiEvent, Address, Chain, Client, Hex, Transport } from "viem";
import { getAbiItem } from "viem";
import { getChainId, readContract } from "viem/actions";
import { coordinatorAbi, modelRegistryAbi } from "../abis.ts";
import { computeBinding } from "../codecs/binding.ts";
import { decodePublicSignals } from "../codecs/decode.ts";
import { type ChainRequest, inputModeName } from "../codecs/request.ts";
import type { Deployment } from "../deployment.ts";
import { RequestStatus } from "../enums.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import { FatalError } from "../errors/kinds.ts";
import { createLogReader } from "../logs/logReader.ts";
import { resolveCircuit, type UnknownCircuitArtifactsError } from "../manifest/resolveCircuit.ts";
import type { Manifest } from "../manifest/types.ts";
import { UnknownRequestError } from "../utils/request.ts";
import { protocolRead } from "../utils/transaction.ts";
import { type DecisionFees, getDecisionFees } from "./getDecisionFees.ts";

const STATUS = ["None", "Pending", "Fulfilled", "CallbackFailed", "Expired"] as const;

const requestedEvent = getAbiItem({ abi: coordinatorAbi, name: "InferenceRequested" });
const recordedEvent = getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" });

/**
 * One request's event, read through the reorg-aware log reader: a log whose block the chain replaced while it was
 * being read is not reported (the trail then reads as if the event had not happened yet).
 */
async function confirmedLogs<const event extends AbiEvent>(
  client: Client<Transport, Chain | undefined>,
  address: Address,
  event: event,
  requestId: bigint,
  fromBlock: bigint,
) {
  const reader = createLogReader(client, { address, event, args: { requestId }, fromBlock });
  return (await reader.poll()).logs;
}

export type GetDecisionTrailParameters = {
  deployment: Pick<Deployment, "coordinator" | "registry" | "startBlock">;
  /** The circuit manifest whose builds the registry recorded (circuits/manifest.json): it names the output layout. */
  manifest: Manifest;
  requestId: bigint;
};

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
  /** Where this request's escrow went once fulfilled (see {@link DecisionFees}). */
  fees?: DecisionFees;
};

export type GetDecisionTrailReturnType = DecisionTrail;

export type GetDecisionTrailErrorType =
  | UnknownRequestError
  | UnknownCircuitArtifactsError
  | FatalError
  | RpcUnreachableError;

/**
 * Reads the audit trail of a request: the request event, the registry's record of the model version and circuit,
 * the `DecisionRecorded` event with its outputs decoded through the manifest's layout (the public signals rebuilt
 * from the request and the proof's binding), the transaction that verified the proof, and where the fee went.
 *
 * @example
 * const trail = await getDecisionTrail(client, { deployment, manifest, requestId: 7n });
 * console.log(trail.status, trail.decoded);
 */
export async function getDecisionTrail(
  client: Client<Transport, Chain | undefined>,
  parameters: GetDecisionTrailParameters,
): Promise<GetDecisionTrailReturnType> {
  const { deployment, manifest, requestId } = parameters;
  // two rounds of reads: the request (its record and its event), then everything that needs the event
  const [decision, [requested]] = await protocolRead(`read request ${requestId}`, () =>
    Promise.all([
      readContract(client, {
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "decisionOf",
        args: [requestId],
      }),
      confirmedLogs(client, deployment.coordinator, requestedEvent, requestId, deployment.startBlock),
    ]),
  );
  if (decision.status === RequestStatus.None) {
    throw new UnknownRequestError(
      `request ${requestId} does not exist on this coordinator; check the id and the deployment.`,
    );
  }
  if (!requested) throw new FatalError(`no InferenceRequested event for request ${requestId}; is the RPC node pruned?`);
  const request = requested.args.request as ChainRequest;
  const decided = decision.status === RequestStatus.Fulfilled || decision.status === RequestStatus.CallbackFailed;
  const [version, registryCircuit, [recorded], chainId] = await protocolRead(`read request ${requestId}'s trail`, () =>
    Promise.all([
      readContract(client, {
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "version",
        args: [request.modelId, request.version],
      }),
      readContract(client, {
        address: deployment.registry,
        abi: modelRegistryAbi,
        functionName: "circuit",
        args: [request.circuitId],
      }),
      // nothing to find while the request is pending or expired
      decided
        ? confirmedLogs(client, deployment.coordinator, recordedEvent, requestId, requested.blockNumber)
        : Promise.resolve([]),
      getChainId(client),
    ]),
  );
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
