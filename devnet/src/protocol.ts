/**
 * The devnet's actors (treasury, operators, requesters, data owners) acting through the SDK's actions.
 */
import type { Deployment } from "@symbiote/circuits";
import {
  acceptDataNode,
  coordinatorAbi,
  declareServedVersions,
  type ModelVersion,
  registerInputCommitments,
  registerOperator,
  requestInference,
  setDataNode,
  stake,
  tokenAbi,
} from "@symbiote/sdk";
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
import { KEYS } from "./deployment.ts";

const vrfAbi = parseAbi(["function fulfillRandomWords(uint256 requestId, address consumer)"]);
const randomnessAbi = parseAbi(["event SeedRequested(uint64 indexed round, uint256 indexed vrfRequestId)"]);

/** A model version as `declareServedVersions` takes it. */
export type Served = ModelVersion;

/** The deploy's classifier demo models (1: committed inputs, 2: public inputs), version 1 each. */
export const DEMO_CLASSIFIER_VERSIONS: readonly Served[] = [
  { modelId: 1n, version: 1 },
  { modelId: 2n, version: 1 },
];

/**
 * Test actors on a deployed protocol: the treasury (holds the supply), operators and a requester. Every protocol
 * call goes through the SDK's actions, as an integrator's or an operator's would; only the treasury's token
 * transfers and the local VRF mock are raw calls (no user makes them).
 */
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

  /** The treasury's transfer of `amount` tokens to `key`'s account (the devnet's faucet). */
  async function fund(key: Hex, amount: bigint): Promise<void> {
    await send(treasury, {
      address: deployment.token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [(wallet(key).account as Account).address, amount],
    } as never);
  }

  return {
    publicClient,
    wallet,
    /**
     * Funds, stakes and registers an operator with the project's staking vault, and declares the versions it serves
     * (default: the deploy's two classifier models), so that it is drawn for them.
     */
    async registerOperator(
      key: Hex,
      amount = parseEther("2000"),
      serves: readonly Served[] = DEMO_CLASSIFIER_VERSIONS,
    ) {
      await this.fundAndStake(key, amount);
      await registerOperator(wallet(key), { deployment, endpoint: "http://127.0.0.1" });
      await this.declare(key, serves);
    },
    /** Sends `amount` tokens from the treasury to `key`'s account and stakes them in the vault. */
    async fundAndStake(key: Hex, amount = parseEther("2000")) {
      await fund(key, amount);
      await stake(wallet(key), { deployment, amount });
    },
    /** `declareServedVersions` from `key`'s account (`serves` false: withdraws them). */
    async declare(key: Hex, versions: readonly Served[], serves = true) {
      if (versions.length === 0) return;
      await declareServedVersions(wallet(key), { deployment, versions, serves });
    },
    /**
     * Funds a requester and approves the coordinator once for all its fees, as a busy requester would (without it,
     * the SDK's requestInference approves each fee before its request).
     */
    async fundRequester(key: Hex, amount = parseEther("1000")) {
      await fund(key, amount);
      await send(wallet(key), {
        address: deployment.token,
        abi: tokenAbi,
        functionName: "approve",
        args: [deployment.coordinator, maxUint256],
      } as never);
    },
    /** The data owner proposes `nodeKey`'s account as its data node and the node accepts (DataRegistry). */
    async setDataNode(ownerKey: Hex, nodeKey: Hex) {
      const node = privateKeyToAccount(nodeKey).address;
      const owner = privateKeyToAccount(ownerKey).address;
      await setDataNode(wallet(ownerKey), { deployment, node });
      if (node.toLowerCase() === owner.toLowerCase()) return;
      await acceptDataNode(wallet(nodeKey), { deployment, owner });
    },
    /** The data owner registers commitments to its own inputs, so committed requests may use them. */
    async registerInputs(ownerKey: Hex, commitments: readonly bigint[]) {
      await registerInputCommitments(wallet(ownerKey), { deployment, commitments });
    },
    /**
     * Sends a request through the SDK's `requestInference` (latest version, the model's fee as the cap) and returns
     * its id: public inputs as raw fixed-point features, or a registered input commitment.
     */
    async request(
      key: Hex,
      params: {
        modelId: bigint;
        features?: readonly bigint[];
        inputCommitment?: bigint;
        dataOwner?: Address;
        callbackGasLimit?: number;
      },
    ): Promise<bigint> {
      const { requestId } = await requestInference(wallet(key), { deployment, ...params });
      return requestId;
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

/** Polls `fn` every 250 ms until it returns a value; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
