import { type Address, type Hash, parseEventLogs, zeroAddress } from "viem";
import { readContract } from "viem/actions";
import { coordinatorAbi, modelRegistryAbi } from "../abis.ts";
import { quantize } from "../codecs/fixedPoint.ts";
import { packFeatures } from "../codecs/packing.ts";
import { type ChainRequest, INPUT_MODE_COMMITTED, INPUT_MODE_PUBLIC } from "../codecs/request.ts";
import type { Deployment } from "../deployment.ts";
import {
  FeatureCountError,
  type InsufficientGasFundsError,
  type InsufficientTokenBalanceError,
  type RpcUnreachableError,
  UnknownModelError,
} from "../errors/actionable.ts";
import { EncodingError } from "../errors/base.ts";
import type { ProtocolRevertError } from "../errors/revert.ts";
import { approveIfNeeded } from "../utils/allowance.ts";
import { readInputCount } from "../utils/request.ts";
import { protocolRead, type SigningClient, sendProtocolCall } from "../utils/transaction.ts";

export type RequestInferenceParameters = {
  deployment: Pick<Deployment, "coordinator" | "registry" | "token">;
  modelId: bigint;
  /** A version number, or 0 (default) for the latest. */
  version?: number;
  /**
   * Public inputs: the features as real numbers (quantized to the circuits' fixed point, 16 fractional bits) or as
   * raw fixed-point integers. Give either `features` or `inputCommitment`.
   */
  features?: readonly (number | bigint)[];
  /** Committed inputs: the Poseidon commitment the data owner registered, served by the owner's data node. */
  inputCommitment?: bigint;
  /** Committed inputs: whose data it is (default: the sender). */
  dataOwner?: Address;
  /** Gas for the requester's `onInferenceResult` callback; 0 (default) for none (an account, not a contract). */
  callbackGasLimit?: number;
  /** The most to pay, fee plus callback fee (default: exactly that, read from the chain). */
  maxFee?: bigint;
  /** Approve the coordinator for the fee when the allowance and the prepaid deposit fall short (default true). */
  approve?: boolean;
};

export type RequestInferenceReturnType = {
  requestId: bigint;
  /** The request as the coordinator recorded it (its circuit, fee, deadline, round …). */
  request: ChainRequest;
  transactionHash: Hash;
  /** The block it was made in: where {@link waitForDecision} starts reading. */
  blockNumber: bigint;
};

export type RequestInferenceErrorType =
  | UnknownModelError
  | FeatureCountError
  | InsufficientTokenBalanceError
  | InsufficientGasFundsError
  | RpcUnreachableError
  | ProtocolRevertError
  | EncodingError;

/**
 * Requests an inference from the coordinator: checks the model and the feature count against the model's circuit,
 * packs the features, approves the fee if needed, and sends `requestInference`.
 *
 * @example
 * const { requestId, blockNumber } = await requestInference(walletClient, {
 *   deployment,
 *   modelId: 2n,
 *   features: [0.5, -1.25, 3, 0, 0.75, 1, -0.5, 2, 0, 0, 1.5, -2, 0.25, 0, 1, -1],
 * });
 */
export async function requestInference(
  client: SigningClient,
  parameters: RequestInferenceParameters,
): Promise<RequestInferenceReturnType> {
  const { deployment, modelId, version = 0, callbackGasLimit = 0 } = parameters;
  const committed = parameters.inputCommitment !== undefined;
  if (committed === (parameters.features !== undefined)) {
    throw new EncodingError("requestInference takes either `features` (public inputs) or `inputCommitment`, not both.");
  }
  const account = client.account.address;
  const model = await protocolRead("read the model", () =>
    readContract(client, {
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "model",
      args: [modelId],
    }),
  );
  if (model.owner === zeroAddress) {
    throw new UnknownModelError(
      `model ${modelId} is not registered on ${deployment.registry}; check the model id (the registry's modelCount() is the highest) and that the deployment is this chain's.`,
    );
  }
  const mode = committed ? INPUT_MODE_COMMITTED : INPUT_MODE_PUBLIC;
  const terms = await protocolRead(`request model ${modelId}`, () =>
    readContract(client, {
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "servingTerms",
      args: [modelId, version, mode],
    }),
  );
  let inputWords: bigint[];
  if (parameters.features) {
    const { count: expected } = await readInputCount(client, deployment.registry, terms.circuitId);
    if (parameters.features.length !== expected) {
      throw new FeatureCountError(
        `model ${modelId} takes ${expected} features (its circuit ${terms.circuitId}) but ${parameters.features.length} were given; pass exactly ${expected}.`,
      );
    }
    const raw = parameters.features.map((x, i) => (typeof x === "bigint" ? x : quantize(x, `feature ${i}`)));
    inputWords = packFeatures(raw);
  } else {
    inputWords = [parameters.inputCommitment as bigint];
  }
  const feePerGas =
    callbackGasLimit === 0
      ? 0n
      : await protocolRead("read the callback fee", () =>
          readContract(client, {
            address: deployment.coordinator,
            abi: coordinatorAbi,
            functionName: "callbackFeePerGas",
          }),
        );
  const maxFee = parameters.maxFee ?? terms.feePerInference + feePerGas * BigInt(callbackGasLimit);
  if (parameters.approve !== false && maxFee > 0n) {
    // the coordinator takes the escrow from the prepaid deposit when it covers it, else by transferFrom
    const deposit = await protocolRead("read the prepaid deposit", () =>
      readContract(client, {
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "depositOf",
        args: [account],
      }),
    );
    if (deposit < maxFee) {
      await approveIfNeeded(client, {
        token: deployment.token,
        spender: deployment.coordinator,
        amount: maxFee,
        what: "requestInference",
      });
    }
  }

  const { hash, receipt } = await sendProtocolCall(client, "requestInference", {
    address: deployment.coordinator,
    abi: coordinatorAbi,
    functionName: "requestInference",
    args: [
      {
        modelId,
        version,
        inputMode: mode,
        inputWords,
        dataOwner: committed ? (parameters.dataOwner ?? account) : zeroAddress,
        callbackGasLimit,
        maxFee,
      },
    ],
  });
  const [event] = parseEventLogs({ abi: coordinatorAbi, eventName: "InferenceRequested", logs: receipt.logs });
  if (!event)
    throw new EncodingError(
      `transaction ${hash} emitted no InferenceRequested; is ${deployment.coordinator} the coordinator?`,
    );
  return {
    requestId: event.args.requestId,
    request: event.args.request,
    transactionHash: hash,
    blockNumber: receipt.blockNumber,
  };
}
