/**
 * Request bursts: many request transactions signed locally and broadcast without waiting for each other.
 */
import type { Deployment } from "@symbiote/circuits";
import { coordinatorAbi } from "@symbiote/sdk";
import { type Address, encodeFunctionData, type Hex, keccak256, parseGwei } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { type ConsumerRequest, consumerParams, recordingConsumerAbi } from "./consumer.ts";
import type { protocol } from "./protocol.ts";

/** One request to send: from `key`, straight to the coordinator or through a consumer contract (`via`). */
export type PlannedRequest = { key: Hex; via?: Address; params: ConsumerRequest };

export type SentRequest = { hash: Hex; sentAt: number; planned: PlannedRequest };

/** Gas of one request transaction: a request is ~185k-250k, a round's first also asks VRF for the seed. */
const REQUEST_GAS = 600_000n;

/**
 * Sends request transactions without waiting for each other: every key's nonce is counted here (explicit nonces, no
 * per-transaction `eth_getTransactionCount`), each transaction is signed locally and broadcast raw. `idsOf` then maps
 * the transaction hashes to request ids from the coordinator's events.
 */
export class RequestSender {
  private readonly nonces = new Map<Hex, number>();
  private readonly firstNonce = new Map<Hex, Promise<number>>();

  constructor(
    private readonly p: ReturnType<typeof protocol>,
    private readonly deployment: Deployment,
  ) {}

  private async nonceFor(key: Hex): Promise<number> {
    // concurrent first sends from one key share one pending-count read, then count up from it
    let first = this.firstNonce.get(key);
    if (!first) {
      first = this.p.publicClient.getTransactionCount({
        address: privateKeyToAccount(key).address,
        blockTag: "pending",
      });
      this.firstNonce.set(key, first);
    }
    const start = await first;
    const nonce = this.nonces.get(key) ?? start;
    this.nonces.set(key, nonce + 1);
    return nonce;
  }

  /** Signs and broadcasts one request; resolves once the node accepted it (not mined). */
  async send(planned: PlannedRequest, maxFeePerGas = parseGwei("50")): Promise<SentRequest> {
    const account = privateKeyToAccount(planned.key);
    const data = planned.via
      ? encodeFunctionData({
          abi: recordingConsumerAbi,
          functionName: "request",
          args: [consumerParams(planned.params)],
        })
      : encodeFunctionData({
          abi: coordinatorAbi,
          functionName: "requestInference",
          args: [{ ...consumerParams(planned.params), callbackGasLimit: planned.params.callbackGasLimit ?? 0 }],
        });
    const nonce = await this.nonceFor(planned.key);
    const raw = await account.signTransaction({
      chainId: foundry.id,
      type: "eip1559",
      to: planned.via ?? this.deployment.coordinator,
      data,
      nonce,
      gas: REQUEST_GAS,
      maxFeePerGas,
      maxPriorityFeePerGas: parseGwei("1"),
    });
    const sentAt = performance.now();
    await this.p.publicClient.sendRawTransaction({ serializedTransaction: raw });
    return { hash: keccak256(raw), sentAt, planned };
  }

  /** Sends every request at once (in order per key) and returns them as sent. */
  async burst(planned: readonly PlannedRequest[]): Promise<SentRequest[]> {
    const block = await this.p.publicClient.getBlock();
    // room for the base fee to climb while a burst fills several blocks
    const maxFee = (block.baseFeePerGas ?? 0n) * 8n + parseGwei("2");
    const sent: SentRequest[] = [];
    for (const request of planned) sent.push(await this.send(request, maxFee));
    return sent;
  }

  /**
   * Waits until every transaction is mined and returns the request id of each, in order. Throws if one reverted or
   * did not make a request.
   */
  async idsOf(sent: readonly SentRequest[], timeoutMs = 120_000): Promise<bigint[]> {
    const wanted = new Set(sent.map((s) => s.hash));
    const byHash = new Map<Hex, bigint>();
    const until = Date.now() + timeoutMs;
    let from = this.deployment.startBlock;
    while (byHash.size < sent.length) {
      const head = await this.p.publicClient.getBlockNumber({ cacheTime: 0 });
      if (head >= from) {
        const events = await this.p.publicClient.getContractEvents({
          address: this.deployment.coordinator,
          abi: coordinatorAbi,
          eventName: "InferenceRequested",
          fromBlock: from,
          toBlock: head,
          strict: true,
        });
        for (const e of events) if (wanted.has(e.transactionHash)) byHash.set(e.transactionHash, e.args.requestId);
        from = head + 1n;
      }
      if (byHash.size < sent.length) {
        if (Date.now() > until) {
          const missing = sent.filter((s) => !byHash.has(s.hash)).map((s) => s.hash);
          throw new Error(`${missing.length} request transactions made no request (reverted or not mined): ${missing}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return sent.map((s) => byHash.get(s.hash) as bigint);
  }
}
