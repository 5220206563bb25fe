import {
  type ChainRequest,
  classifyRpcError,
  coordinatorAbi,
  decodeRevertData,
  describeRevertData,
  encodePackedFulfillmentBatch,
  fulfilledRecordHash,
  RequestStatus,
  RetryableError,
  revertName,
} from "@symbiote/sdk";
import type { Logger } from "pino";
import {
  type Account,
  type Address,
  type Chain,
  type ContractErrorName,
  encodeFunctionData,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  parseTransaction,
  type Transport,
  type WalletClient,
} from "viem";
import { readMany } from "../chain/readMany.ts";
import { decodeRequest, type StoredProof } from "../chain/request.ts";
import type { Job, JobStore } from "../jobs/jobStore.ts";
import type { Metrics } from "../metrics/metrics.ts";
import { bumpedFees, type FeePolicy, type Fees, initialFees } from "./fees.ts";
import { NonceManager } from "./nonceManager.ts";

export type SubmitterOptions = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  store: JobStore;
  coordinator: Address;
  gas: FeePolicy & { stuckAfterMs: number; maxBatch: number };
  /** Blocks a settlement must be buried under before the node treats it as final (as for requests). */
  confirmations: number;
  log: Logger;
  metrics?: Metrics;
  /** Attempts after which a request that keeps failing to land is left to time out. */
  maxAttempts?: number;
};

type InFlight = { fees: Fees; sentAt: number };

type CoordinatorError = ContractErrorName<typeof coordinatorAbi>;
/** Revert names that mean "this request is no longer ours to answer". */
const SETTLED: ReadonlySet<string> = new Set<CoordinatorError>(["CoordinatorRequestNotPending"]);
const EXPIRED: ReadonlySet<string> = new Set<CoordinatorError>(["CoordinatorRequestExpired"]);
/** RPC refusals of a transaction whose fees no longer fit the chain (geth, anvil and viem phrasings). */
const UNDERPRICED = /underpriced|(max fee per gas|fee cap) less than block base fee|fee ?cap too low/i;
/** Revert names that mean "not yet": the exclusive window or the round's seed. */
const NOT_YET: ReadonlySet<string> = new Set<CoordinatorError>([
  "CoordinatorNotAssignedOperator",
  "CoordinatorAssignmentPending",
]);

/** How the note of a job sent back for "not yet" begins. */
const NOT_YET_NOTE = "not yet servable";
/** The base cost of a transaction, which a batch pays once for all its items. */
const TX_BASE_GAS = 21_000n;
/** ProofVerification.BATCH_GAS_BASE and BATCH_GAS_PER_PROOF: the gas cap of a batch verification of k proofs. */
const BATCH_VERIFY_GAS_BASE = 400_000n;
const BATCH_VERIFY_GAS_PER_PROOF = 120_000n;

type Fulfillment = { request: ChainRequest; outputs: bigint[]; proof: Hex };
type Simulation = { gas: bigint } | { revert: string | undefined; error: unknown };
/** The coordinator's one-slot record of a request: its status and its hash (low byte cleared). */
type DecisionRecord = { status: number; hash: Hex };

function fulfillmentOf(job: Job): Fulfillment {
  const stored = JSON.parse(job.proof as string) as StoredProof;
  return { request: decodeRequest(job.request), outputs: stored.outputs.map(BigInt), proof: stored.proof };
}

/**
 * Sends proofs: one nonce manager, EIP-1559 fees, a simulation before every transaction, one `fulfillBatch` per circuit
 * when several proofs of it are ready and the simulation shows the batch cheaper per item than single fulfillments, a
 * fee-bumped replacement when a transaction is stuck, and a skip when the chain says the request was answered by
 * someone else or expired. Every signed transaction is written to the job store before it is
 * broadcast, so a restart rebroadcasts exactly what was sent and never double-spends a nonce.
 */
export class Submitter {
  private readonly o: SubmitterOptions;
  private readonly nonces: NonceManager;
  private readonly inFlight = new Map<Hex, InFlight>();
  private readonly address: Address;

  constructor(options: SubmitterOptions) {
    this.o = options;
    this.address = options.walletClient.account.address;
    this.nonces = new NonceManager(options.publicClient, this.address);
  }

  /** At start: resynchronise the nonce past every signed transaction the store still holds, and rebroadcast them. */
  async init(): Promise<void> {
    const submitted = this.o.store.list(["submitted"]);
    const highest = submitted.reduce((max, job) => Math.max(max, (job.txNonce ?? -1) + 1), 0);
    await this.nonces.sync(highest);
    const byHash = new Map(submitted.map((job) => [job.txHash as Hex, job]));
    for (const job of byHash.values()) await this.broadcast(job.rawTx as Hex, job.txHash as Hex);
  }

  private async chainTime(): Promise<{
    timestamp: bigint;
    baseFee: bigint;
    gasLimit: bigint;
    safeBlock: bigint;
    head: bigint;
  }> {
    const block = await this.o.publicClient.getBlock({ blockTag: "latest" });
    const depth = BigInt(this.o.confirmations);
    const safeBlock = block.number > depth ? block.number - depth : 0n;
    return {
      timestamp: block.timestamp,
      baseFee: block.baseFeePerGas ?? 0n,
      gasLimit: block.gasLimit,
      safeBlock,
      head: block.number,
    };
  }

  private async statusOf(requestId: bigint, blockNumber?: bigint) {
    return this.o.publicClient.readContract({
      address: this.o.coordinator,
      abi: coordinatorAbi,
      functionName: "decisionOf",
      args: [requestId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    });
  }

  /**
   * Whether a settlement seen at the head is also there `confirmations` blocks down. A shallower one can still be
   * reorganised away, and a job closed on it would leave a pending request that nobody serves.
   */
  private async settledDeep(requestId: bigint, atHead: DecisionRecord, safeBlock: bigint): Promise<boolean> {
    if (this.o.confirmations === 0) return true;
    const deep = await this.statusOf(requestId, safeBlock);
    // the hash names the outputs, the proof and the operator: the same hash deep down is the same settlement
    return deep.status === atHead.status && deep.hash === atHead.hash;
  }

  /**
   * Whether a fulfilled record is this node's own fulfillment of `job`. The record keeps no operator field; its hash
   * commits to (request, outputs, proof, operator), so the node recomputes it for what it sent. Another operator's
   * fulfillment (other outputs, proof or address) never matches.
   */
  private isOurs(job: Job, record: DecisionRecord): boolean {
    if (record.status !== RequestStatus.Fulfilled && record.status !== RequestStatus.CallbackFailed) return false;
    if (!job.proof) return false;
    const { request, outputs, proof } = fulfillmentOf(job);
    return fulfilledRecordHash(request, outputs, keccak256(proof), this.address) === record.hash;
  }

  /**
   * Re-checks on chain and sends every proved job (up to `maxBatch` per transaction). Returns how many requests
   * went out.
   */
  async submitReady(): Promise<number> {
    const ready = this.o.store.list(["proved"], this.o.gas.maxBatch * 4);
    if (ready.length === 0) return 0;
    const { timestamp, safeBlock } = await this.chainTime();
    const live: Job[] = [];
    // statuses read together: one after another, a few dozen jobs held the round (and the next proof's submission)
    // up for a noticeable part of a block
    const decisions = await readMany(ready, (job) => this.statusOf(job.requestId));
    for (const [i, job] of ready.entries()) {
      const decision = decisions[i] as Awaited<ReturnType<Submitter["statusOf"]>>;
      if (decision.status !== RequestStatus.Pending) {
        // settled by someone else: final once deep enough; until then neither send nor give up
        if (await this.settledDeep(job.requestId, decision, safeBlock)) this.settle(job, decision, "proved");
      } else if (timestamp >= job.deadline) {
        this.o.store.transition(job.requestId, ["proved"], "expired", { note: "deadline passed before submission" });
        this.o.metrics?.requestsExpired.inc();
      } else live.push(job);
    }
    let sent = 0;
    // one fulfillBatch per circuit: the coordinator checks a circuit's Groth16 proofs with one batch verification,
    // which is where a batch saves gas; proofs of different circuits in one transaction would share only its base cost
    for (const group of byCircuit(live)) {
      for (let i = 0; i < group.length; i += this.o.gas.maxBatch) {
        sent += await this.sendGroup(group.slice(i, i + this.o.gas.maxBatch));
      }
    }
    return sent;
  }

  private settle(job: Job, record: DecisionRecord, from: "proved" | "submitted"): void {
    const { status } = record;
    if (this.isOurs(job, record) && from === "submitted") {
      this.o.store.transition(job.requestId, [from], "confirmed", { note: `fulfilled in ${job.txHash}` });
      this.o.metrics?.requestsFulfilled.inc();
      this.o.log.info({ requestId: job.requestId, tx: job.txHash }, "request fulfilled");
    } else if (status === RequestStatus.Expired) {
      this.o.store.transition(job.requestId, [from], "expired", { note: "expired on chain" });
      this.o.metrics?.requestsExpired.inc();
    } else {
      this.o.store.transition(job.requestId, [from], "skipped", {
        note: `already settled by another operator (record ${record.hash})`,
      });
      this.o.metrics?.requestsSkipped.inc();
      this.o.log.info({ requestId: job.requestId, record: record.hash }, "request already answered; skipped");
    }
  }

  private calldata(fulfillments: Fulfillment[]): Hex {
    if (fulfillments.length === 1) {
      const f = fulfillments[0] as Fulfillment;
      return encodeFunctionData({
        abi: coordinatorAbi,
        functionName: "fulfill",
        args: [f.request, f.outputs, f.proof],
      });
    }
    // the packed encoding: the same settlement as fulfillBatch's, at well under half its calldata. Its limits (request
    // ids within 64 bits, 255 templates, 65,535 items) are beyond a counter's ids and gas.maxBatch (at most 50)
    return encodeFunctionData({
      abi: coordinatorAbi,
      functionName: "fulfillBatchPacked",
      args: [encodePackedFulfillmentBatch(fulfillments)],
    });
  }

  /** Simulates; returns the gas estimate, or the revert name when the chain refuses. */
  private async simulate(data: Hex): Promise<Simulation> {
    try {
      const gas = await this.o.publicClient.estimateGas({
        account: this.o.walletClient.account,
        to: this.o.coordinator,
        data,
      });
      return { gas };
    } catch (error) {
      const classified = classifyRpcError(error, "simulating the fulfillment");
      if (classified instanceof RetryableError) throw classified;
      let name = revertName(error) ?? decodeRevert(error);
      if (!name) {
        // estimateGas does not always carry the revert data: ask eth_call for it
        try {
          await this.o.publicClient.call({ account: this.o.walletClient.account, to: this.o.coordinator, data });
        } catch (callError) {
          name = revertName(callError) ?? decodeRevert(callError);
        }
      }
      return { revert: name, error };
    }
  }

  /**
   * Sends the proofs of one circuit: simulated one by one (which finds the items the chain refuses and what each
   * costs alone), then, for two or more, as a batch too; the batch goes out only when its estimate per item is below
   * the singles' average, else each proof goes in its own `fulfill`.
   */
  private async sendGroup(jobs: Job[]): Promise<number> {
    // A batch lands whatever its items do (a refused item is skipped with `FulfillmentRejected`), so simulating the
    // batch neither finds the items the chain refuses nor, alone, gives a gas limit they can all run in.
    const singles = await readMany(jobs, (job) => this.simulate(this.calldata([fulfillmentOf(job)])));
    const candidates: { job: Job; gas: bigint }[] = [];
    for (const [i, job] of jobs.entries()) {
      const single = singles[i] as Simulation;
      if ("revert" in single) this.refused(job, single.revert, single.error);
      else candidates.push({ job, gas: single.gas });
    }
    if (candidates.length === 0) return 0;
    const singlesGas = candidates.reduce((sum, c) => sum + c.gas, 0n);
    if (candidates.length > 1) {
      const data = this.calldata(candidates.map(({ job }) => fulfillmentOf(job)));
      const batch = await this.simulate(data);
      if ("revert" in batch) {
        this.o.log.warn({ revert: batch.revert }, "batch refused in simulation; sending the proofs one by one");
      } else {
        const n = BigInt(candidates.length);
        const perItem = batch.gas / n;
        const perSingle = singlesGas / n;
        const batched = perItem < perSingle;
        if (batched) this.o.metrics?.settlementChoices.inc({ kind: "batch" }, candidates.length);
        this.o.log.info(
          { items: candidates.length, batchGasPerItem: perItem, singleGas: perSingle, batched },
          batched ? "batch cheaper per item than single fulfillments" : "single fulfillments cheaper than the batch",
        );
        if (batched) {
          await this.sendTransaction(
            candidates.map((c) => c.job),
            data,
            batch.gas + fallbackGas(candidates),
          );
          return candidates.length;
        }
      }
    }
    this.o.metrics?.settlementChoices.inc({ kind: "single" }, candidates.length);
    for (const { job, gas } of candidates) {
      await this.sendTransaction([job], this.calldata([fulfillmentOf(job)]), gas);
    }
    return candidates.length;
  }

  /** Signs, stores (before broadcasting, so a restart rebroadcasts it) and broadcasts one fulfillment transaction. */
  private async sendTransaction(jobs: Job[], data: Hex, needed: bigint): Promise<void> {
    // room above the estimate: the callback gets exactly its limit, and a batch's skips vary with timing; never above
    // the block's gas limit, which no transaction can exceed (unused gas is refunded, so the room costs nothing)
    const { baseFee, gasLimit } = await this.chainTime();
    const padded = (needed * 13n) / 10n;
    const gas = padded < gasLimit ? padded : gasLimit;
    const fees = initialFees(baseFee, this.o.gas);
    const nonce = await this.nonces.take();
    const raw = await this.o.walletClient.signTransaction({
      account: this.o.walletClient.account,
      chain: this.o.walletClient.chain,
      to: this.o.coordinator,
      data,
      gas,
      nonce,
      type: "eip1559",
      ...fees,
    });
    const hash = keccak256(raw);
    this.o.store.transitionMany(
      jobs.map((job) => ({
        requestId: job.requestId,
        from: ["proved"],
        to: "submitted",
        fields: { txHash: hash, txNonce: nonce, rawTx: raw, attempts: job.attempts + 1 },
      })),
    );
    this.inFlight.set(hash, { fees, sentAt: Date.now() });
    await this.broadcast(raw, hash);
    this.o.log.info(
      { tx: hash, nonce, requests: jobs.map((j) => j.requestId.toString()), batch: jobs.length > 1 },
      "fulfillment sent",
    );
  }

  private refused(job: Job, revert: string | undefined, error: unknown): void {
    const message = error instanceof Error ? (error.message.split("\n")[0] as string) : String(error);
    this.turnedDown(job, "proved", { name: revert, description: revert ?? message }, "simulation");
  }

  /**
   * Routes a fulfillment the chain turned down, in simulation or as a `FulfillmentRejected` item of a mined batch: a
   * request settled or expired meanwhile closes the job; "not yet" (the exclusive window, the round's seed) sends it
   * back to be submitted again; anything else fails the job with the decoded reason and leaves the request to time out.
   */
  private turnedDown(
    job: Job,
    from: "proved" | "submitted",
    reason: { name: string | undefined; description: string },
    where: "simulation" | "on chain",
  ): void {
    const { name, description } = reason;
    if (name && SETTLED.has(name)) {
      this.o.store.transition(job.requestId, [from], "skipped", { note: `already settled (${where})` });
      this.o.metrics?.requestsSkipped.inc();
    } else if (name && EXPIRED.has(name)) {
      this.o.store.transition(job.requestId, [from], "expired", { note: `expired (${where})` });
      this.o.metrics?.requestsExpired.inc();
    } else if (name && NOT_YET.has(name) && job.attempts < (this.o.maxAttempts ?? 50)) {
      this.o.store.transition(job.requestId, [from], "proved", {
        attempts: job.attempts + 1,
        note: `${NOT_YET_NOTE} (${where}): ${description}`,
      });
    } else {
      const note =
        where === "simulation" ? `refused in simulation: ${description}` : `rejected on chain: ${description}`;
      this.o.store.transition(job.requestId, [from], "failed", { note });
      this.o.metrics?.requestsFailed.inc();
      this.o.log.error(
        { requestId: job.requestId, revert: description, where },
        "fulfillment refused; leaving the request to time out",
      );
    }
  }

  /**
   * The items a mined batch rejected (`FulfillmentRejected`), by request id, with their decoded reasons. Empty when the
   * transaction under `hash` has no receipt (a replacement of it was mined instead) or rejected nothing.
   */
  private async rejectedIn(hash: Hex): Promise<Map<bigint, { name: string | undefined; description: string }>> {
    const rejected = new Map<bigint, { name: string | undefined; description: string }>();
    let receipt: Awaited<ReturnType<PublicClient["getTransactionReceipt"]>>;
    try {
      receipt = await this.o.publicClient.getTransactionReceipt({ hash });
    } catch (error) {
      const classified = classifyRpcError(error, "reading a fulfillment's receipt");
      if (classified instanceof RetryableError) throw classified;
      return rejected;
    }
    const logs = parseEventLogs({
      abi: coordinatorAbi,
      eventName: "FulfillmentRejected",
      logs: receipt.logs.filter((log) => log.address.toLowerCase() === this.o.coordinator.toLowerCase()),
    });
    for (const log of logs) {
      const decoded = decodeRevertData(log.args.reason);
      rejected.set(log.args.requestId, {
        name: decoded?.errorName,
        description: describeRevertData(log.args.reason),
      });
    }
    return rejected;
  }

  private async broadcast(raw: Hex, hash: Hex): Promise<void> {
    try {
      await this.o.publicClient.sendRawTransaction({ serializedTransaction: raw });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/already known|already imported|known transaction/i.test(message)) return;
      if (/nonce too low|replacement transaction underpriced/i.test(message)) {
        // the nonce went to another transaction (ours, mined meanwhile, or a replacement): reconcile will tell
        this.o.log.warn({ tx: hash }, "nonce already used; reconciling with the chain");
        return;
      }
      if (UNDERPRICED.test(message)) {
        // The base fee rose above this transaction's max fee (typically while the node was down, rebroadcasting what
        // it had stored). Refusing it is the chain's way of saying "stuck": reconcile replaces it with fees for the
        // current base fee after stuckAfterMs. Throwing here would stop the node from starting at all.
        this.o.log.warn({ tx: hash }, "transaction underpriced for the current base fee; it will be replaced");
        return;
      }
      const classified = classifyRpcError(error, "broadcasting the fulfillment");
      if (classified instanceof RetryableError) {
        this.o.log.warn({ tx: hash, err: classified.shortMessage }, "broadcast failed; will rebroadcast");
        return;
      }
      throw classified;
    }
  }

  /**
   * Settles sent transactions against the chain: confirmed when the coordinator records us as the operator (at the
   * head and `confirmations` blocks down), skipped
   * when someone else answered, expired when it timed out, back to `proved` when our nonce was mined without the
   * fulfillment landing, and replaced with bumped fees when pending longer than `stuckAfterMs`.
   */
  async reconcile(): Promise<void> {
    const submitted = this.o.store.list(["submitted"]);
    if (submitted.length === 0) return;
    const { baseFee, safeBlock, head } = await this.chainTime();
    // "Our nonce is spent but the request still pending" must not be concluded at the tip: under load anvil counted a
    // nonce as mined at the newest block while the fulfillment it carried was not yet visible to calls at that block
    // (a load-balanced RPC can mix blocks the same way). The job went back to `proved` and the request, fulfilled by
    // that very transaction, ended `skipped`. So the statuses are read at one block and the nonce one block below it.
    const mined = await this.nonces.mined(head > 0n ? head - 1n : 0n);
    const stuck = new Map<Hex, Job[]>();
    const rejections = new Map<Hex, Map<bigint, { name: string | undefined; description: string }>>();
    const decisions = await readMany(submitted, (job) => this.statusOf(job.requestId, head));
    for (const [i, job] of submitted.entries()) {
      const decision = decisions[i] as Awaited<ReturnType<Submitter["statusOf"]>>;
      if (decision.status !== RequestStatus.Pending) {
        // Our fulfillment (or another's) is on chain but may sit in a block a reorg removes: the job stays
        // `submitted`, not replaced, until the settlement is `confirmations` deep. Were it closed now, a reorg that
        // dropped the fulfillment would leave the request pending with nobody to serve it.
        if (!(await this.settledDeep(job.requestId, decision, safeBlock))) continue;
        if (this.isOurs(job, decision)) await this.recordGas(job.txHash as Hex);
        this.settle(job, decision, "submitted");
        continue;
      }
      if ((job.txNonce as number) < mined) {
        // our nonce is spent and the request is still pending: the batch rejected this item (its reason is in the
        // receipt), the transaction reverted, or another of ours replaced it
        const hash = job.txHash as Hex;
        if (!rejections.has(hash)) rejections.set(hash, await this.rejectedIn(hash));
        const reason = rejections.get(hash)?.get(job.requestId);
        if (reason) this.turnedDown(job, "submitted", reason, "on chain");
        else {
          this.o.store.transition(job.requestId, ["submitted"], "proved", {
            note: `transaction ${job.txHash} did not fulfill`,
          });
        }
        continue;
      }
      const hash = job.txHash as Hex;
      if (!this.inFlight.has(hash)) {
        const tx = parseTransaction(job.rawTx as Hex);
        this.inFlight.set(hash, {
          fees: { maxFeePerGas: tx.maxFeePerGas ?? 0n, maxPriorityFeePerGas: tx.maxPriorityFeePerGas ?? 0n },
          sentAt: Date.now(),
        });
      }
      if (Date.now() - (this.inFlight.get(hash) as InFlight).sentAt >= this.o.gas.stuckAfterMs) {
        stuck.set(hash, [...(stuck.get(hash) ?? []), job]);
      }
    }
    for (const [hash, jobs] of stuck) await this.replace(hash, jobs, baseFee);
  }

  private async recordGas(hash: Hex): Promise<void> {
    try {
      const receipt = await this.o.publicClient.getTransactionReceipt({ hash });
      this.o.metrics?.gasUsed.observe(Number(receipt.gasUsed));
    } catch {
      // an earlier version of a replaced transaction was the one mined: no receipt under this hash
    }
  }

  /** Re-signs a stuck transaction with the same nonce and calldata and bumped fees. */
  private async replace(hash: Hex, jobs: Job[], baseFee: bigint): Promise<void> {
    const previous = this.inFlight.get(hash) as InFlight;
    const fees = bumpedFees(previous.fees, baseFee, this.o.gas);
    if (!fees) {
      this.o.log.warn({ tx: hash }, "stuck transaction at the fee ceiling; raise gas.maxFeeGwei to replace it");
      return;
    }
    const tx = parseTransaction((jobs[0] as Job).rawTx as Hex);
    const raw = await this.o.walletClient.signTransaction({
      account: this.o.walletClient.account,
      chain: this.o.walletClient.chain,
      to: tx.to as Address,
      data: tx.data as Hex,
      gas: tx.gas as bigint,
      nonce: tx.nonce as number,
      type: "eip1559",
      ...fees,
    });
    const next = keccak256(raw);
    this.o.store.transitionMany(
      jobs.map((job) => ({
        requestId: job.requestId,
        from: ["submitted"],
        to: "submitted",
        fields: { txHash: next, rawTx: raw, note: `replaced ${hash} with higher fees` },
      })),
    );
    this.inFlight.delete(hash);
    this.inFlight.set(next, { fees, sentAt: Date.now() });
    this.o.metrics?.replacements.inc();
    this.o.log.warn({ old: hash, tx: next, maxFeePerGas: fees.maxFeePerGas }, "stuck transaction replaced");
    await this.broadcast(raw, next);
  }
}

/**
 * What a batch may need beyond its estimate. The estimate is the path where the circuit's one batch verification
 * passes (CoordinatorBatch: items checked in line, no call frame per item). If that verification fails (a proof that
 * turned bad between the simulation and the block; an invalid curve point makes the precompiles eat the whole cap), it
 * has spent up to its gas cap (ProofVerification.BATCH_GAS_BASE + BATCH_GAS_PER_PROOF·k) and the coordinator then
 * checks every item alone. A limit without room for that would let the last items' checks run out of gas: their
 * proofs would "fail" and the items be rejected as invalid while the batch succeeds. Each single estimate, less its
 * transaction's base cost and plus the 1/64 a call keeps back, bounds that item's own check and callback from above.
 */
function fallbackGas(items: readonly { gas: bigint }[]): bigint {
  const batchVerifyCap = BATCH_VERIFY_GAS_BASE + BATCH_VERIFY_GAS_PER_PROOF * BigInt(items.length);
  return items.reduce((sum, item) => sum + ((item.gas - TX_BASE_GAS) * 64n) / 63n, batchVerifyCap);
}

/** Groups jobs by their request's circuit, in the order each circuit first appears (oldest first). */
function byCircuit(jobs: Job[]): Job[][] {
  const groups = new Map<number, Job[]>();
  for (const job of jobs) {
    const circuitId = decodeRequest(job.request).circuitId;
    groups.set(circuitId, [...(groups.get(circuitId) ?? []), job]);
  }
  return [...groups.values()];
}

/** Decodes a raw revert against the protocol's errors when viem had no ABI to do it. */
function decodeRevert(error: unknown): string | undefined {
  let cursor: unknown = error;
  for (let depth = 0; cursor && depth < 10; depth++) {
    const data = (cursor as { data?: unknown }).data;
    const hex = typeof data === "string" ? data : (data as { data?: unknown } | undefined)?.data;
    if (typeof hex === "string" && hex.startsWith("0x") && hex.length >= 10) {
      const decoded = decodeRevertData(hex as Hex);
      if (decoded) return decoded.errorName;
    }
    cursor = (cursor as { cause?: unknown }).cause;
  }
  return undefined;
}
