import { type Address, type Chain, type Client, getAbiItem, type Hash, type Transport } from "viem";
import { readContract } from "viem/actions";
import { coordinatorAbi } from "../abis.ts";
import type { CircuitEntry } from "../codecs/entryOutputs.ts";
import type { DecodedOutputs } from "../codecs/outputs.ts";
import type { ChainRequest } from "../codecs/request.ts";
import type { Deployment } from "../deployment.ts";
import { RequestStatus } from "../enums.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import { SymbioteError } from "../errors/base.ts";
import { createLogReader, type DeepReorgError } from "../logs/logReader.ts";
import { findRequest, readCircuitDecoder, type UnknownRequestError } from "../utils/request.ts";
import { protocolRead } from "../utils/transaction.ts";

/** No decision within the time given; the request may still be served until its deadline. */
export class DecisionTimeoutError extends SymbioteError {
  override name = "DecisionTimeoutError";
}

export type WaitForDecisionParameters = {
  deployment: Pick<Deployment, "coordinator" | "registry" | "startBlock">;
  requestId: bigint;
  /** Where to start reading (the request's block, as requestInference returns it); default the deployment's start. */
  fromBlock?: bigint;
  /** Blocks a decision must be under before it counts (default 1: the block it is in). */
  confirmations?: number;
  /** How long to wait, in milliseconds (default 5 minutes). */
  timeout?: number;
  /** Milliseconds between polls (default: the client's polling interval). */
  pollingInterval?: number;
  /**
   * Manifest entries of compiled circuits (dense networks, tree ensembles: the manifest-entry.json of
   * `npm run model -- compile`), to decode their outputs; the original families need none.
   */
  entries?: readonly CircuitEntry[];
};

/** A settled request: fulfilled with a verified proof (its outputs decoded), or expired and refunded. */
export type Decision =
  | {
      requestId: bigint;
      status: "Fulfilled" | "CallbackFailed";
      request: ChainRequest;
      operator: Address;
      outputs: readonly bigint[];
      proofHash: Hash;
      /** The outputs decoded through the circuit's layout: the explanation. */
      explanation: DecodedOutputs;
      transactionHash: Hash;
      blockNumber: bigint;
    }
  | {
      requestId: bigint;
      status: "Expired";
      request: ChainRequest;
      /** Who was due to serve it and was slashed (zero if nobody answered for it). */
      operator: Address;
      refund: bigint;
      transactionHash: Hash;
      blockNumber: bigint;
    };

export type WaitForDecisionReturnType = Decision;

export type WaitForDecisionErrorType =
  | DecisionTimeoutError
  | UnknownRequestError
  | RpcUnreachableError
  | DeepReorgError;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a request is decided: its `DecisionRecorded` (decoded into the explanation) or its `RequestExpired`,
 * read by the reorg-aware log reader with the confirmations asked for, so a decision a reorg removed is never
 * returned.
 *
 * @example
 * const decision = await waitForDecision(client, { deployment, requestId, fromBlock: blockNumber });
 * if (decision.status === "Fulfilled") console.log(decision.explanation);
 */
export async function waitForDecision(
  client: Client<Transport, Chain | undefined>,
  parameters: WaitForDecisionParameters,
): Promise<WaitForDecisionReturnType> {
  const { deployment, requestId, confirmations = 1, timeout = 300_000 } = parameters;
  const fromBlock = parameters.fromBlock ?? deployment.startBlock;
  const interval = parameters.pollingInterval ?? client.pollingInterval;
  const { request } = await findRequest(client, deployment.coordinator, requestId, fromBlock);
  const common = { address: deployment.coordinator, args: { requestId }, fromBlock, confirmations };
  const recorded = createLogReader(client, {
    ...common,
    event: getAbiItem({ abi: coordinatorAbi, name: "DecisionRecorded" }),
  });
  const expired = createLogReader(client, {
    ...common,
    event: getAbiItem({ abi: coordinatorAbi, name: "RequestExpired" }),
  });
  const giveUp = Date.now() + timeout;
  for (;;) {
    const [decided, refunded] = await protocolRead("read the decision", () =>
      Promise.all([recorded.poll(), expired.poll()]),
    );
    const decision = decided.logs[0];
    if (decision) {
      const { operator, outputs, proofHash } = decision.args;
      const [decode, record] = await Promise.all([
        readCircuitDecoder(client, deployment.registry, request.circuitId, parameters.entries),
        // the callback's outcome is in the record's status as of the decision's block
        protocolRead("read the decision record", () =>
          readContract(client, {
            address: deployment.coordinator,
            abi: coordinatorAbi,
            functionName: "decisionOf",
            args: [requestId],
            blockNumber: decision.blockNumber,
          }),
        ),
      ]);
      return {
        requestId,
        status: record.status === RequestStatus.CallbackFailed ? "CallbackFailed" : "Fulfilled",
        request,
        operator,
        outputs,
        proofHash,
        explanation: decode(outputs),
        transactionHash: decision.transactionHash,
        blockNumber: decision.blockNumber,
      };
    }
    const expiry = refunded.logs[0];
    if (expiry) {
      return {
        requestId,
        status: "Expired",
        request,
        operator: expiry.args.operator,
        refund: expiry.args.refund,
        transactionHash: expiry.transactionHash,
        blockNumber: expiry.blockNumber,
      };
    }
    if (Date.now() >= giveUp) {
      throw new DecisionTimeoutError(
        `request ${requestId} has no decision after ${Math.round(timeout / 1000)} s; it stays pending until its deadline (${request.deadline}, unix seconds): wait longer, or check that an operator serves model ${request.modelId}.`,
      );
    }
    await sleep(interval);
  }
}
