import { coordinatorAbi, dataRegistryAbi, stakingVaultAbi, tokenAbi } from "@symbiote/sdk";
import {
  type Account,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  maxUint256,
  parseAbi,
  parseEther,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import type { Deployment } from "../../../circuits/src/deployment.ts";
import { KEYS } from "./anvil.ts";

const vrfAbi = parseAbi(["function fulfillRandomWords(uint256 requestId, address consumer)"]);
const randomnessAbi = parseAbi(["event SeedRequested(uint64 indexed round, uint256 indexed vrfRequestId)"]);

/** A model version as `declareServedVersions` takes it. */
export type Served = { modelId: bigint; version: number };

/** The deploy's classifier demo models (1: committed inputs, 2: public inputs), version 1 each. */
export const DEMO_CLASSIFIER_VERSIONS: readonly Served[] = [
  { modelId: 1n, version: 1 },
  { modelId: 2n, version: 1 },
];

/** Test actors on a deployed protocol: the treasury (holds the supply), operators and a requester. */
export function protocol(url: string, deployment: Deployment) {
  const publicClient = createPublicClient({ chain: foundry, transport: http(url), pollingInterval: 200 });
  const wallet = (key: Hex) =>
    createWalletClient({ chain: foundry, transport: http(url), account: privateKeyToAccount(key) });
  const treasury = wallet(KEYS[1]);

  async function send(w: ReturnType<typeof wallet>, call: Parameters<typeof w.writeContract>[0]): Promise<void> {
    const hash = await w.writeContract(call);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  }

  return {
    publicClient,
    wallet,
    /**
     * Funds, stakes and registers an operator with the project's staking vault, and declares the versions it serves
     * (default: the deploy's two classifier models), so that it is drawn for them.
     */
    async registerOperator(key: Hex, stake = parseEther("2000"), serves: readonly Served[] = DEMO_CLASSIFIER_VERSIONS) {
      await this.fundAndStake(key, stake);
      await send(wallet(key), {
        address: deployment.vault,
        abi: stakingVaultAbi,
        functionName: "registerOperator",
        args: ["http://127.0.0.1", privateKeyToAccount(key).publicKey],
      } as never);
      await this.declare(key, serves);
    },
    /** Sends `stake` tokens from the treasury to `key`'s account and stakes them in the vault. */
    async fundAndStake(key: Hex, stake = parseEther("2000")) {
      const op = wallet(key);
      const account = op.account as Account;
      await send(treasury, {
        address: deployment.token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [account.address, stake],
      } as never);
      await send(op, {
        address: deployment.token,
        abi: tokenAbi,
        functionName: "approve",
        args: [deployment.vault, maxUint256],
      } as never);
      await send(op, {
        address: deployment.vault,
        abi: stakingVaultAbi,
        functionName: "stake",
        args: [stake],
      } as never);
    },
    /** `declareServedVersions` from `key`'s account (`serves` false: withdraws them). */
    async declare(key: Hex, versions: readonly Served[], serves = true) {
      if (versions.length === 0) return;
      await send(wallet(key), {
        address: deployment.vault,
        abi: stakingVaultAbi,
        functionName: "declareServedVersions",
        args: [versions.map((v) => v.modelId), versions.map((v) => v.version), serves],
      } as never);
    },
    /** Funds a requester and approves the coordinator for its fees. */
    async fundRequester(key: Hex, amount = parseEther("1000")) {
      const r = wallet(key);
      await send(treasury, {
        address: deployment.token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [(r.account as Account).address, amount],
      } as never);
      await send(r, {
        address: deployment.token,
        abi: tokenAbi,
        functionName: "approve",
        args: [deployment.coordinator, maxUint256],
      } as never);
    },
    /** The data owner proposes `nodeKey`'s account as its data node and the node accepts (DataRegistry). */
    async setDataNode(ownerKey: Hex, nodeKey: Hex) {
      const node = privateKeyToAccount(nodeKey).address;
      await send(wallet(ownerKey), {
        address: deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "setDataNode",
        args: [node],
      } as never);
      if (node.toLowerCase() === privateKeyToAccount(ownerKey).address.toLowerCase()) return;
      await send(wallet(nodeKey), {
        address: deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "acceptDataNode",
        args: [privateKeyToAccount(ownerKey).address],
      } as never);
    },
    /** The data owner registers commitments to its own inputs, so committed requests may use them. */
    async registerInputs(ownerKey: Hex, commitments: readonly bigint[]) {
      await send(wallet(ownerKey), {
        address: deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "registerInputCommitments",
        args: [commitments],
      } as never);
    },
    /** Sends a request and returns its id. */
    async request(
      key: Hex,
      params: {
        modelId: bigint;
        inputMode: 0 | 1;
        inputWords: bigint[];
        dataOwner?: Address;
        callbackGasLimit?: number;
      },
    ): Promise<bigint> {
      const r = wallet(key);
      const hash = await r.writeContract({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "requestInference",
        args: [
          {
            modelId: params.modelId,
            version: 0,
            inputMode: params.inputMode,
            inputWords: params.inputWords,
            dataOwner: params.dataOwner ?? "0x0000000000000000000000000000000000000000",
            callbackGasLimit: params.callbackGasLimit ?? 0,
            maxFee: parseEther("100"),
          },
        ],
      } as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`request ${hash} reverted`);
      const [event] = await publicClient.getContractEvents({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        eventName: "InferenceRequested",
        blockHash: receipt.blockHash,
        strict: true,
      });
      return (event as { args: { requestId: bigint } }).args.requestId;
    },
    /** Answers every pending VRF seed request through the local VRF mock (the Chainlink node's part). */
    async fulfillSeeds(randomness: Address, vrf: Address) {
      const events = await publicClient.getContractEvents({
        address: randomness,
        abi: randomnessAbi,
        eventName: "SeedRequested",
        fromBlock: 0n,
        strict: true,
      });
      for (const event of events) {
        try {
          await send(treasury, {
            address: vrf,
            abi: vrfAbi,
            functionName: "fulfillRandomWords",
            args: [event.args.vrfRequestId, randomness],
          } as never);
        } catch {
          // already fulfilled
        }
      }
    },
    decisionOf(requestId: bigint) {
      return publicClient.readContract({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "decisionOf",
        args: [requestId],
      });
    },
    /** The request as `InferenceRequested` emitted it: what `cancelExpired` and `assignedOperator` take. */
    async requestOf(requestId: bigint) {
      const [event] = await publicClient.getContractEvents({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        eventName: "InferenceRequested",
        args: { requestId },
        fromBlock: 0n,
        strict: true,
      });
      if (!event) throw new Error(`no InferenceRequested for request ${requestId}`);
      return event.args.request;
    },
    /** The operator whose proof settled `requestId` (`DecisionRecorded`), or undefined while none did. */
    async operatorOf(requestId: bigint): Promise<Address | undefined> {
      const [event] = await publicClient.getContractEvents({
        address: deployment.coordinator,
        abi: coordinatorAbi,
        eventName: "DecisionRecorded",
        args: { requestId },
        fromBlock: 0n,
        strict: true,
      });
      return event?.args.operator;
    },
  };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
