import type { Address, Chain, Client, Hash, Transport } from "viem";
import { getAbiItem } from "viem";
import { getLogs, readContract } from "viem/actions";
import { coordinatorAbi } from "../abis.ts";
import type { CircuitEntry } from "../codecs/entryOutputs.ts";
import type { DecodedOutputs } from "../codecs/outputs.ts";
import type { ChainRequest } from "../codecs/request.ts";
import type { Deployment } from "../deployment.ts";
import { RequestStatus } from "../enums.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import { findRequest, readCircuitDecoder, type UnknownRequestError } from "../utils/request.ts";
import { protocolRead } from "../utils/transaction.ts";

export type GetDecisionParameters = {
  deployment: Pick<Deployment, "coordinator" | "registry" | "startBlock">;
  requestId: bigint;
  /** Where to start reading events (default the deployment's start block). */
  fromBlock?: bigint;
  /**
   * Manifest entries of compiled circuits (dense networks, tree ensembles: the manifest-entry.json of
   * `npm run model -- compile`), to decode their outputs; the original families need none.
   */
  entries?: readonly CircuitEntry[];
};

/** Where a request stands now, by name. */
export type RequestStatusName = keyof typeof RequestStatus;

export type GetDecisionReturnType = {
  requestId: bigint;
  status: RequestStatusName;
  request: ChainRequest;
  /** Set once a proof was verified (Fulfilled or CallbackFailed). */
  fulfillment?: {
    operator: Address;
    outputs: readonly bigint[];
    proofHash: Hash;
    explanation: DecodedOutputs;
    transactionHash: Hash;
    blockNumber: bigint;
  };
};

export type GetDecisionErrorType = UnknownRequestError | RpcUnreachableError;

const STATUS_NAMES = Object.fromEntries(Object.entries(RequestStatus).map(([name, value]) => [value, name])) as Record<
  number,
  RequestStatusName
>;

/**
 * Reads a request's current state without waiting: its status, the request, and once fulfilled the operator, the
 * outputs and their decoded explanation.
 *
 * @example
 * const { status, fulfillment } = await getDecision(client, { deployment, requestId: 7n });
 */
export async function getDecision(
  client: Client<Transport, Chain | undefined>,
  parameters: GetDecisionParameters,
): Promise<GetDecisionReturnType> {
  const { deployment, requestId } = parameters;
  const fromBlock = parameters.fromBlock ?? deployment.startBlock;
  const [{ request, blockNumber }, record] = await Promise.all([
    findRequest(client, deployment.coordinator, requestId, fromBlock),
    protocolRead("read the decision record", () =>
      readContract(client, {
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "decisionOf",
        args: [requestId],
      }),
    ),
  ]);
  const status = STATUS_NAMES[record.status] ?? "None";
  if (record.status !== RequestStatus.Fulfilled && record.status !== RequestStatus.CallbackFailed) {
    return { requestId, status, request };
  }
  const [logs, decode] = await Promise.all([
    protocolRead("read the decision", () =>
      getLogs(client, {
        address: deployment.coordinator,
        event: getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" }),
        args: { requestId },
        fromBlock: blockNumber,
        strict: true,
      }),
    ),
    readCircuitDecoder(client, deployment.registry, request.circuitId, parameters.entries),
  ]);
  const decision = logs[0];
  if (!decision) return { requestId, status, request };
  const { operator, outputs, proofHash } = decision.args;
  return {
    requestId,
    status,
    request,
    fulfillment: {
      operator,
      outputs,
      proofHash,
      explanation: decode(outputs),
      transactionHash: decision.transactionHash,
      blockNumber: decision.blockNumber,
    },
  };
}
