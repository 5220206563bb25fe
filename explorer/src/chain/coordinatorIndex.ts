import type { ChainRequest, LogReader } from "@symbiote/sdk";
import { coordinatorAbi, createLogReader, inputModeName } from "@symbiote/sdk";
import { type AbiEvent, type Address, zeroAddress } from "viem";
import { type DisplayStatus, deriveStatus } from "../format/status.ts";
import type { Explorer } from "./connect.ts";
import { MAX_LOG_RANGE } from "./logs.ts";

/** Every event the coordinator emits: the index reads them together, in log order. */
const coordinatorEvents = coordinatorAbi.filter((item) => item.type === "event") as Extract<
  (typeof coordinatorAbi)[number],
  AbiEvent
>[];

/** One request as the coordinator's events tell it. */
export type IndexedRequest = {
  id: bigint;
  requester: Address;
  modelId: bigint;
  version: number;
  inputMode: "public" | "committed";
  dataOwner: Address;
  /** The model's fee. */
  fee: bigint;
  /** What the requester paid for its callback gas (the operator's, whole). */
  callbackFee: bigint;
  /** Public inputs: the assignment round (0 for committed inputs). */
  round: bigint;
  requestedAt: bigint;
  deadline: bigint;
  callbackGasLimit: number;
  requestBlock: bigint;
  /** The request exactly as emitted: what the coordinator's `assignedOperator` takes. */
  raw: ChainRequest;
  /**
   * Not yet fulfilled or expired: the operator that answers for it (`assignedOperator`: the data owner's node for
   * committed inputs, the round's draw for public ones), or the zero address while the round's seed is unknown or
   * nobody who declared the version was drawn.
   */
  assigned?: Address;
  /** The operator whose proof verified (DecisionRecorded). */
  operator?: Address;
  fulfilledBlock?: bigint;
  /** false once CallbackFailed was emitted (a recorded request that asked for a callback and has none was called back). */
  callbackSuccess?: boolean;
  /** RequestExpired: the operator that answered for it (zero if nobody) and what it was slashed (to the treasury). */
  expiry?: { operator: Address; refund: bigint; slashed: bigint };
};

/** Open requests whose operator one sync reads, newest first: a page shows 100 rows at a time. */
const MAX_ASSIGNMENT_READS = 200;

/**
 * The coordinator's request history, kept in the page and brought up to date by {@link CoordinatorIndex.sync}: each
 * sync reads only the blocks since the last one through the SDK's reorg-aware log reader (bounded ranges, one log
 * query per range for every coordinator event). Should a reorg remove a log the index applied, the index is rebuilt
 * from the deployment block, so it never shows a request or a decision the chain no longer has. The requests,
 * decisions and operators pages share it.
 */
export class CoordinatorIndex {
  readonly requests = new Map<bigint, IndexedRequest>();
  /** The last block read, and chain time at it. */
  head = -1n;
  now = 0n;
  private syncing: Promise<void> | undefined;
  private reader: LogReader<typeof coordinatorEvents> | undefined;

  constructor(private readonly explorer: Explorer) {}

  /** Reads new blocks; concurrent callers share one sync. */
  sync(): Promise<void> {
    this.syncing ??= this.readNewBlocks().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** The shown status of a request at the index's chain time. */
  statusOf(request: IndexedRequest): DisplayStatus {
    return deriveStatus({
      fulfilled: request.operator !== undefined,
      callbackFailed: request.callbackSuccess === false,
      expired: request.expiry !== undefined,
      deadline: request.deadline,
      now: this.now,
    });
  }

  private async readNewBlocks(): Promise<void> {
    const { client, deployment } = this.explorer;
    this.reader ??= createLogReader(client, {
      address: deployment.coordinator,
      events: coordinatorEvents,
      fromBlock: deployment.startBlock,
      maxBlockRange: MAX_LOG_RANGE,
    });
    const polled = await this.reader.poll();
    if (polled.removed.length > 0) {
      // a reorg took back logs already applied: start over rather than unpick them
      this.requests.clear();
      this.reader = undefined;
      this.head = -1n;
      return this.readNewBlocks();
    }
    const logs = polled.logs;
    for (const log of logs) {
      switch (log.eventName) {
        case "InferenceRequested": {
          const r = log.args.request;
          if (!r) break;
          this.requests.set(r.requestId, {
            ...this.requests.get(r.requestId),
            id: r.requestId,
            requester: r.requester,
            modelId: r.modelId,
            version: r.version,
            inputMode: inputModeName(r.inputMode),
            dataOwner: r.dataOwner,
            fee: r.fee,
            callbackFee: r.callbackFee,
            round: r.round,
            requestedAt: r.requestedAt,
            deadline: r.deadline,
            callbackGasLimit: r.callbackGasLimit,
            requestBlock: log.blockNumber,
            raw: r,
          });
          break;
        }
        case "DecisionRecorded":
          this.update(log.args.requestId, { operator: log.args.operator, fulfilledBlock: log.blockNumber });
          break;
        case "CallbackFailed":
          this.update(log.args.requestId, { callbackSuccess: false });
          break;
        case "RequestExpired":
          if (log.args.operator !== undefined) {
            this.update(log.args.requestId, {
              expiry: { operator: log.args.operator, refund: log.args.refund ?? 0n, slashed: log.args.slashed ?? 0n },
            });
          }
          break;
        default:
      }
    }
    const latest = await client.getBlock({ blockNumber: polled.safeBlock });
    await this.readAssignments(latest.number);
    this.head = latest.number;
    this.now = latest.timestamp;
  }

  /**
   * Who answers for each open request, read at `block` in one batch. A drawn operator never changes, so a request is
   * read again only while nobody is drawn (the round's seed may arrive at any block).
   */
  private async readAssignments(block: bigint): Promise<void> {
    const { client, deployment } = this.explorer;
    const open = [...this.requests.values()]
      .filter((r) => r.operator === undefined && r.expiry === undefined)
      .filter((r) => r.assigned === undefined || r.assigned === zeroAddress)
      .sort((a, b) => (b.id > a.id ? 1 : -1))
      .slice(0, MAX_ASSIGNMENT_READS);
    const assigned = await Promise.all(
      open.map((r) =>
        client.readContract({
          address: deployment.coordinator,
          abi: coordinatorAbi,
          functionName: "assignedOperator",
          args: [r.raw],
          blockNumber: block,
        }),
      ),
    );
    open.forEach((r, i) => {
      this.update(r.id, { assigned: assigned[i] as Address });
    });
  }

  private update(id: bigint | undefined, change: Partial<IndexedRequest>): void {
    if (id === undefined) return;
    const known = this.requests.get(id);
    // events of one request arrive in block order, so the request event is always already there
    if (known) this.requests.set(id, { ...known, ...change });
  }
}
