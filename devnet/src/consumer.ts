/**
 * A consumer contract on the devnet: RecordingConsumer (test/contracts/utils/consumers/TestConsumers.sol, built by
 * forge into out/) requests through the coordinator and records each result, as another protocol's contract would.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Deployment, REPO_ROOT } from "@symbiote/circuits";
import { coordinatorAbi, dataRegistryAbi, tokenAbi } from "@symbiote/sdk";
import { type Address, type Hex, parseAbi, parseEther, parseEventLogs, zeroAddress } from "viem";
import { KEYS } from "./deployment.ts";
import type { protocol } from "./protocol.ts";

/** test/contracts/utils/consumers/TestConsumers.sol: requests what it is told to and records each result. */
export const recordingConsumerAbi = parseAbi([
  "constructor(address coordinator, address token)",
  "struct RequestParams { uint256 modelId; uint32 version; uint8 inputMode; uint256[] inputWords; address dataOwner; uint32 callbackGasLimit; uint96 maxFee; }",
  "function request(RequestParams params) returns (uint256)",
  "function lastRequestId() view returns (uint256)",
  "function lastOutputs() view returns (uint256[])",
  "function results() view returns (uint256)",
]);

const ARTIFACT = "out/TestConsumers.sol/RecordingConsumer.json";

function recordingConsumerBytecode(): Hex {
  try {
    return (JSON.parse(readFileSync(resolve(REPO_ROOT, ARTIFACT), "utf8")) as { bytecode: { object: Hex } }).bytecode
      .object;
  } catch (cause) {
    throw new Error(`cannot read ${ARTIFACT}; run \`forge build\` (the deploy path builds it too).`, { cause });
  }
}

export type ConsumerRequest = {
  modelId: bigint;
  inputMode: 0 | 1;
  inputWords: readonly bigint[];
  dataOwner?: Address;
  callbackGasLimit?: number;
};

export type Consumer = Awaited<ReturnType<typeof deployConsumer>>;

/**
 * Deploys a RecordingConsumer (the contract other protocols would write: it pays fees from its own balance and takes
 * results in `onInferenceResult`) and funds it with tokens from the treasury. `request` sends through it and returns
 * the request id; `callbackOf` reads how the coordinator's callback for a request went.
 */
export async function deployConsumer(p: ReturnType<typeof protocol>, deployment: Deployment, ownerKey: Hex = KEYS[2]) {
  const owner = p.wallet(ownerKey);
  const deployHash = await owner.deployContract({
    abi: recordingConsumerAbi,
    bytecode: recordingConsumerBytecode(),
    args: [deployment.coordinator, deployment.token],
  } as never);
  const deployed = await p.publicClient.waitForTransactionReceipt({ hash: deployHash });
  if (deployed.status !== "success" || !deployed.contractAddress)
    throw new Error(`consumer deploy ${deployHash} failed`);
  const address = deployed.contractAddress;
  const treasury = p.wallet(KEYS[1]);
  const funded = await treasury.writeContract({
    address: deployment.token,
    abi: tokenAbi,
    functionName: "transfer",
    args: [address, parseEther("100000")],
  } as never);
  await p.publicClient.waitForTransactionReceipt({ hash: funded });

  return {
    address,
    /** Sends a request through the consumer and returns its id once mined. */
    async request(params: ConsumerRequest): Promise<bigint> {
      const hash = await owner.writeContract({
        address,
        abi: recordingConsumerAbi,
        functionName: "request",
        args: [consumerParams(params)],
      } as never);
      return requestIdOf(p, deployment, hash);
    },
    /**
     * How the consumer's callback for `requestId` went, once the request was recorded: it runs in the transaction
     * that records the decision (DecisionRecorded), and only a failure is logged (CallbackFailed).
     */
    async callbackOf(requestId: bigint): Promise<{ success: boolean; blockNumber: bigint } | undefined> {
      const range = {
        address: deployment.coordinator,
        abi: coordinatorAbi,
        args: { requestId },
        fromBlock: deployment.startBlock,
        strict: true,
      } as const;
      const [[recorded], [failed]] = await Promise.all([
        p.publicClient.getContractEvents({ ...range, eventName: "DecisionRecorded" }),
        p.publicClient.getContractEvents({ ...range, eventName: "CallbackFailed" }),
      ]);
      return recorded ? { success: failed === undefined, blockNumber: recorded.blockNumber } : undefined;
    },
    async last(): Promise<{ requestId: bigint; outputs: readonly bigint[]; results: bigint }> {
      const read = <T>(functionName: "lastRequestId" | "lastOutputs" | "results") =>
        p.publicClient.readContract({ address, abi: recordingConsumerAbi, functionName }) as Promise<T>;
      const [requestId, outputs, results] = await Promise.all([
        read<bigint>("lastRequestId"),
        read<readonly bigint[]>("lastOutputs"),
        read<bigint>("results"),
      ]);
      return { requestId, outputs, results };
    },
  };
}

/** The coordinator's RequestParams for a consumer request, with the defaults the tests use. */
export function consumerParams(params: ConsumerRequest) {
  return {
    modelId: params.modelId,
    version: 0,
    inputMode: params.inputMode,
    inputWords: [...params.inputWords],
    dataOwner: params.dataOwner ?? zeroAddress,
    callbackGasLimit: params.callbackGasLimit ?? 200_000,
    maxFee: parseEther("100"),
  };
}

/** Waits for a request transaction and returns the id from its `InferenceRequested` event. */
export async function requestIdOf(p: ReturnType<typeof protocol>, deployment: Deployment, hash: Hex): Promise<bigint> {
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`request ${hash} reverted`);
  const [event] = parseEventLogs({
    abi: coordinatorAbi,
    eventName: "InferenceRequested",
    logs: receipt.logs.filter((log) => log.address.toLowerCase() === deployment.coordinator.toLowerCase()),
  });
  if (!event) throw new Error(`no InferenceRequested event in ${hash}`);
  return event.args.requestId;
}

/** The data owner lets `requester` run `modelId` on its committed data (DataRegistry.grantAccess). */
export async function grantAccess(
  p: ReturnType<typeof protocol>,
  deployment: Deployment,
  ownerKey: Hex,
  requester: Address,
  modelId: bigint,
  uses = 1000,
): Promise<void> {
  const block = await p.publicClient.getBlock();
  const hash = await p.wallet(ownerKey).writeContract({
    address: deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "grantAccess",
    args: [requester, modelId, block.timestamp + 30n * 86_400n, uses],
  } as never);
  const receipt = await p.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`grantAccess ${hash} reverted`);
}
