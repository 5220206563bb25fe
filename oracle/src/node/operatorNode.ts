import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  commitmentFamily,
  type Deployment,
  fitsShape,
  loadDeployment,
  loadManifest,
  type Manifest,
  ModelStore,
} from "@symbiote/circuits";
import {
  BaseError,
  type ChainRequest,
  type CircuitShape,
  type CompiledShape,
  classifyRpcError,
  computeBinding,
  coordinatorAbi,
  FatalError,
  featureCount,
  INPUT_MODE_COMMITTED,
  modelRegistryAbi,
  RequestStatus,
  type ResolvedCircuit,
  RetryableError,
  randomnessAbi,
  resolveCircuit,
  unpackFeatures,
} from "@symbiote/sdk";
import pino, { type Logger } from "pino";
import { type Address, zeroAddress } from "viem";
import { type Clients, createClients } from "../chain/clients.ts";
import { readMany } from "../chain/readMany.ts";
import { decodeRequest } from "../chain/request.ts";
import { Watcher } from "../chain/watcher.ts";
import type { Config } from "../config/loadConfig.ts";
import { createExplorerHandler, ipfsGatewayTemplate } from "../explorer/explorerHandler.ts";
import type { Job } from "../jobs/jobStore.ts";
import { JobStore } from "../jobs/jobStore.ts";
import { JOB_STATES } from "../jobs/states.ts";
import { Metrics } from "../metrics/metrics.ts";
import { startMetricsServer } from "../metrics/server.ts";
import { createCardRoutes } from "../models/cardRoutes.ts";
import { CardStore } from "../models/cardStore.ts";
import { currentDeclarations } from "../models/declarations.ts";
import type { BindingRefusal } from "../models/publisherBinding.ts";
import { storeCoverage } from "../models/storeCoverage.ts";
import { DataStore } from "../prover/dataStore.ts";
import { ProverPool } from "../prover/proverPool.ts";
import { Submitter } from "../submit/submitter.ts";
import { declarationsAtStart } from "./declarationsAtStart.ts";
import { exclusiveWindowDecision } from "./exclusiveWindow.ts";
import { ServingBinding } from "./servingBinding.ts";

export type NodeOptions = { logger?: Logger; manifest?: Manifest };

/**
 * Seconds before a request's deadline (or the earliest end of its exclusive window) from which a ready proof is sent
 * at once, whatever `gas.batchWaitMs` says: room for a block or two and a replacement should the first bid be low.
 */
const BATCH_WAIT_MARGIN = 30n;

/**
 * The operator node: watches for requests, decides which are its own, proves them in the prover pool and submits.
 * Each step reads and writes the job store, so the node can be killed at any point and restarted.
 */
export class OperatorNode {
  readonly config: Config;
  readonly log: Logger;
  readonly metrics = new Metrics();
  readonly store: JobStore;
  readonly models: ModelStore;
  private readonly manifest: Manifest;
  private deployment!: Deployment;
  private clients!: Clients;
  private watcher!: Watcher;
  private submitter!: Submitter;
  private pool!: ProverPool;
  private binding!: ServingBinding;
  private readonly data: DataStore | undefined;
  private readonly circuits = new Map<number, Promise<ResolvedCircuit>>();
  private exclusiveWindow = 0n;
  /** The coordinator's randomness source (read each round: governance may replace it). */
  private randomness: Address = zeroAddress;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /**
   * Set by {@link nudge} when there is new work (a proof finished). A nudge during a round cannot cut a sleep that has
   * not started yet, so the loop checks this before sleeping: otherwise a proof finished mid-round waited a whole
   * poll interval to be sent, often missing the next block.
   */
  private nudged = false;
  /** The chain time of the last round, for refilling the prover pool between rounds. */
  private chainNow = 0n;
  private metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  private lastTickOk = 0;
  private lastError: string | undefined;
  /** When the current run of failed rounds began (undefined while rounds succeed). */
  private failingSince: number | undefined;
  private readonly proving = new Set<Promise<void>>();
  /** Declared versions the binding refused at runtime, already reported (`<modelId>:<version>`). */
  private readonly warnedDeclarations = new Set<string>();

  constructor(config: Config, options: NodeOptions = {}) {
    this.config = config;
    this.log = options.logger ?? pino({ level: config.log.level, base: { operator: config.operatorAddress } });
    this.store = new JobStore(join(config.dataDir, "jobs.sqlite"));
    this.models = new ModelStore(config.modelStore.dir, { gateway: config.modelStore.gateway });
    // circuits compiled with `npm run model -- compile` and added to the store resolve like the built-in ones
    this.manifest = this.models.withCompiledCircuits(options.manifest ?? loadManifest());
    this.data = config.dataStore ? new DataStore(config.dataStore.dir) : undefined;
  }

  get address(): Address {
    return this.config.operatorAddress;
  }

  get metricsPort(): number | undefined {
    return this.metricsServer?.port;
  }

  async start(): Promise<void> {
    this.deployment = loadDeployment(this.config.deployment, this.config.chainId);
    // local and cheap, so first: an altered artifact stops the node here rather than failing every request it serves
    this.models.verifyAll();
    this.clients = createClients(this.config);
    const chainId = await this.clients.publicClient.getChainId().catch((error) => {
      const classified = classifyRpcError(error, "connecting to the RPC endpoint");
      if (!(classified instanceof RetryableError)) throw classified;
      // at start there is no loop to retry in: say which endpoints failed and exit
      const urls = [...this.config.rpc.http, ...this.config.rpc.ws].join(", ");
      throw new FatalError(
        `cannot reach the RPC endpoint (${urls}) at start; check rpc.http and that the chain's node is running.`,
        { cause: error },
      );
    });
    if (chainId !== this.config.chainId) {
      throw new FatalError(
        `the RPC endpoint serves chain ${chainId} but the config says chainId ${this.config.chainId}; fix rpc.http or chainId.`,
      );
    }
    this.binding = new ServingBinding(this.clients.publicClient, this.deployment.registry, this.models);
    await this.checkStoreAndDeclarations();
    const requeued = this.store.recoverAfterCrash();
    if (requeued) this.log.warn({ requeued }, "requeued jobs interrupted while proving");
    this.watcher = new Watcher({
      client: this.clients.publicClient,
      store: this.store,
      coordinator: this.deployment.coordinator,
      confirmations: this.config.confirmations,
      maxLogRange: this.config.watcher.maxLogRange,
      startBlock: BigInt(this.config.watcher.startBlock ?? this.deployment.startBlock),
      log: this.log,
      onBlockLag: (lag) => this.metrics.blockLag.set(lag),
      onRequests: (count) => this.metrics.requestsSeen.inc(count),
    });
    this.submitter = new Submitter({
      publicClient: this.clients.publicClient,
      walletClient: this.clients.walletClient,
      store: this.store,
      coordinator: this.deployment.coordinator,
      gas: this.config.gas,
      confirmations: this.config.confirmations,
      log: this.log,
      metrics: this.metrics,
    });
    await this.submitter.init();
    const proofDelayMs = this.config.faultInjection?.proofDelayMs ?? 0;
    if (proofDelayMs > 0) {
      this.log.warn({ proofDelayMs }, "fault injection: every proof is held back; never set this in production");
    }
    this.pool = new ProverPool(this.config.proving.concurrency, { delayMs: proofDelayMs });
    // the cards the store holds, by digest, for any explorer; the explorer itself only when enabled
    const cardRoutes = createCardRoutes(new CardStore(this.config.modelStore.dir));
    const explorerRoutes = this.config.explorer.enabled ? this.explorerRoutes() : undefined;
    this.metricsServer = await startMetricsServer(
      this.metrics,
      () => this.health(),
      this.config.metrics.host,
      this.config.metrics.port,
      async (req, res) => (await cardRoutes(req, res)) || ((await explorerRoutes?.(req, res)) ?? false),
    );
    if (this.config.explorer.enabled) {
      this.log.info(
        { url: `http://${this.config.metrics.host}:${this.metricsServer.port}/explorer/` },
        "decision explorer served",
      );
    }
    this.running = true;
    this.log.info(
      { coordinator: this.deployment.coordinator, metricsPort: this.metricsServer.port, chainId },
      "operator node started",
    );
    this.loop = this.run();
  }

  /** The decision explorer at /explorer/: the built page, its configuration and a read-only relay to the RPC. */
  private explorerRoutes() {
    const { dist, ipfsGateway, cardGateways } = this.config.explorer;
    if (!existsSync(join(dist, "index.html"))) {
      throw new FatalError(
        `explorer.enabled is set but ${dist} holds no built explorer; run \`npm run explorer:build\` or point explorer.dist at a build.`,
      );
    }
    return createExplorerHandler({
      rpcUrl: this.config.rpc.http[0] as string,
      deploymentFile: this.config.deployment,
      basePath: "/explorer",
      dist,
      // this node's own cards first (served next to /explorer/), then the configured gateways
      cardGateways: ["../cards/{hash}", ...cardGateways, ...(ipfsGateway ? [ipfsGatewayTemplate(ipfsGateway)] : [])],
    });
  }

  /**
   * Compares the model store with the registry's active circuits. A store holding none of them (a mistyped
   * modelStore.dir, or `models sync` never run) is refused: the node would fail every request it is assigned. Gaps
   * are logged. With a gateway, missing artifacts are fetched on demand, so they are not checked. Then the versions
   * the operator declares but will not prove are withdrawn, or warned about (declarationsAtStart.ts).
   */
  private async checkStoreAndDeclarations(): Promise<void> {
    if (!this.config.modelStore.gateway) {
      const coverage = await storeCoverage(
        this.clients.publicClient,
        this.deployment.registry,
        this.manifest,
        this.models,
      );
      if (coverage.active > 0 && coverage.servable.length === 0) {
        throw new FatalError(
          `the model store ${this.models.dir} holds the artifacts of none of the registry's ${coverage.active} active circuits, so this node could serve no request; check modelStore.dir, or run \`symbiote-oracle models sync\`.`,
        );
      }
      if (coverage.missing.length > 0) {
        this.log.warn(
          { missing: coverage.missing },
          "the model store lacks some circuits: requests for them fail here and are left to time out; run `symbiote-oracle models sync`",
        );
      }
    }
    await declarationsAtStart({
      clients: this.clients,
      contracts: this.deployment,
      manifest: this.manifest,
      store: this.models,
      withdraw: this.config.declarations.withdrawUnservable,
      artifactsOnDemand: this.config.modelStore.gateway !== undefined,
      log: this.log,
    });
  }

  /**
   * Healthy while the loop completes rounds. A round that failed (the RPC endpoint down, say) makes the node unhealthy
   * at once, until a round succeeds again: staleness alone would only show after 30 s of back-off, which is the whole
   * of a typical outage.
   */
  private health() {
    const staleMs = Date.now() - this.lastTickOk;
    const ok =
      this.running &&
      this.failingSince === undefined &&
      staleMs < Math.max(30_000, this.config.watcher.pollIntervalMs * 10);
    return {
      ok,
      details: {
        lastTickMsAgo: staleMs,
        failingForMs: this.failingSince === undefined ? undefined : Date.now() - this.failingSince,
        jobs: this.store.counts(),
        cursor: this.store.cursor()?.block,
        lastError: this.lastError,
      },
    };
  }

  private async run(): Promise<void> {
    let backoff = this.config.watcher.pollIntervalMs;
    while (this.running) {
      try {
        await this.tick();
        this.lastTickOk = Date.now();
        this.lastError = undefined;
        this.failingSince = undefined;
        backoff = this.config.watcher.pollIntervalMs;
      } catch (error) {
        const e = error instanceof BaseError ? error : classifyRpcError(error, "node step");
        this.lastError = e.shortMessage;
        this.failingSince ??= Date.now();
        backoff = Math.min(backoff * 2, 30_000);
        // the wait is logged with the failure, so an operator (and a test) reads the back-off without timing it
        if (e instanceof RetryableError) {
          this.log.warn({ err: e.shortMessage, retryInMs: backoff }, "step failed; backing off");
        } else this.log.error({ err: e.message, retryInMs: backoff }, "step failed");
      }
      if (!this.running) break;
      if (this.nudged) continue;
      await new Promise<void>((ok) => {
        const timer = setTimeout(ok, backoff);
        this.wake = () => {
          clearTimeout(timer);
          ok();
        };
      });
    }
  }

  /** Starts the next round now rather than after the poll interval. */
  private nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** One round: watch, assign, prove, submit, reconcile, expire. */
  async tick(): Promise<void> {
    // this round picks up whatever the nudges so far announced
    this.nudged = false;
    await this.watcher.poll();
    const block = await this.clients.publicClient.getBlock({ blockTag: "latest" });
    const now = block.timestamp;
    this.chainNow = now;
    await this.refreshParams();
    await this.assign(now);
    this.startProving(now);
    if (this.submitDue(now)) await this.submitter.submitReady();
    await this.submitter.reconcile();
    this.expire(now);
    const counts = this.store.counts();
    for (const state of JOB_STATES) this.metrics.jobs.set({ state }, counts[state]);
  }

  /**
   * Whether to send the proved jobs this round. With `gas.batchWaitMs`, proofs that are ready while others are still
   * being made wait for them (up to that long, or until a batch is full), so they go out in one fulfillBatch. A proof
   * never waits into the last BATCH_WAIT_MARGIN seconds before its deadline, nor before the earliest end of its
   * exclusive window (request time + window: the window runs from the seed's arrival, never earlier), after which a
   * fallback operator may take the request.
   */
  private submitDue(now: bigint): boolean {
    const { batchWaitMs, maxBatch } = this.config.gas;
    if (batchWaitMs === 0 || this.pool.load === 0) return true;
    const ready = this.store.list(["proved"], maxBatch);
    if (ready.length === 0 || ready.length >= maxBatch) return true;
    const urgent = ready.some((job) => {
      const request = decodeRequest(job.request);
      const windowEnd = request.requestedAt + this.exclusiveWindow;
      return now + BATCH_WAIT_MARGIN >= job.deadline || (job.serveAfter === 0n && now + BATCH_WAIT_MARGIN >= windowEnd);
    });
    if (urgent) return true;
    return Date.now() - Math.min(...ready.map((job) => job.updatedAt)) >= batchWaitMs;
  }

  private async refreshParams(): Promise<void> {
    const [params, deps] = await Promise.all([
      this.clients.publicClient.readContract({
        address: this.deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "serviceParams",
      }),
      // governance may point the coordinator at another randomness source: read the one it uses now
      this.clients.publicClient.readContract({
        address: this.deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "dependencies",
      }),
    ]);
    this.exclusiveWindow = BigInt(params.exclusiveWindow);
    this.randomness = deps.randomness;
  }

  /**
   * Decides which `seen` jobs are this node's. Committed inputs: only the data owner's node. Public inputs: the
   * operator drawn from the round's seed (`publicAssignment`) may serve at once; anyone else eligible only after the
   * exclusive window, which runs from the seed's arrival (`seedInfo`), or from the request while no seed is known.
   * Neither is served on a version the stored weights were not handed over for (a copy, see servingBinding.ts).
   */
  private async assign(now: bigint): Promise<void> {
    const publicJobs: { job: Job; request: ChainRequest }[] = [];
    const seen = this.store.list(["seen"], 500).map((job) => ({ job, request: decodeRequest(job.request) }));
    const refusals = await this.binding.refusals(seen.map(({ request }) => request));
    await this.warnDeclaredRefusals(
      seen.flatMap(({ request }, i) => (refusals[i] ? [{ request, refusal: refusals[i] }] : [])),
    );
    for (const [i, { job, request }] of seen.entries()) {
      const committed = request.inputMode === INPUT_MODE_COMMITTED;
      if (committed && request.servingNode.toLowerCase() !== this.address.toLowerCase()) {
        this.store.transition(job.requestId, ["seen"], "skipped", {
          note: `committed inputs: served by the data owner's node ${request.servingNode}`,
        });
        continue;
      }
      const refusal = refusals[i];
      if (refusal) {
        this.log.warn({ requestId: request.requestId, reason: refusal.reason }, "request not served");
        this.store.transition(job.requestId, ["seen"], "skipped", { note: refusal.reason });
        this.metrics.requestsSkipped.inc();
        continue;
      }
      if (committed) {
        this.store.transition(job.requestId, ["seen"], "assigned", { serveAfter: 0n });
        continue;
      }
      publicJobs.push({ job, request });
    }
    // a round's requests share one seed: read it once per round
    const rounds = [...new Set(publicJobs.map(({ request }) => request.round))];
    const seeds = await readMany(rounds, (round) =>
      this.clients.publicClient.readContract({
        address: this.randomness,
        abi: randomnessAbi,
        functionName: "seedInfo",
        args: [round],
      }),
    );
    const seedArrival = new Map(rounds.map((round, i) => [round, (seeds[i] as readonly [bigint, bigint])[1]]));
    // assignments read together: after a burst (or while a round's seed is awaited) hundreds of jobs are `seen`,
    // and reading them one after another held the round up for seconds
    const assignments = await readMany(publicJobs, ({ request }) =>
      this.clients.publicClient.readContract({
        address: this.deployment.coordinator,
        abi: coordinatorAbi,
        functionName: "publicAssignment",
        args: [request.round, request.requestId, request.modelId, request.version],
      }),
    );
    for (const [i, { job, request }] of publicJobs.entries()) {
      const decision = exclusiveWindowDecision({
        self: this.address,
        assigned: assignments[i] as Address,
        seedArrivedAt: seedArrival.get(request.round) ?? 0n,
        requestedAt: request.requestedAt,
        exclusiveWindow: this.exclusiveWindow,
        now,
      });
      if (decision.kind === "wait") {
        if (job.note !== decision.note) this.store.transition(job.requestId, ["seen"], "seen", { note: decision.note });
      } else {
        this.store.transition(job.requestId, ["seen"], "assigned", {
          serveAfter: decision.serveAfter,
          note: decision.note,
        });
      }
    }
  }

  /**
   * A refusal on a version this operator declares means the binding turned while the node ran (the model changed
   * hands, say): every request drawn for it on that version times out and is slashed. The node does not withdraw it
   * here, since the submitter owns the operator's nonces from start on; it says so, once per version, and the next
   * start withdraws it (declarations.withdrawUnservable), as does `models sync` at once.
   */
  private async warnDeclaredRefusals(refused: { request: ChainRequest; refusal: BindingRefusal }[]): Promise<void> {
    const fresh = [
      ...new Map(
        refused
          .filter(({ request }) => !this.warnedDeclarations.has(`${request.modelId}:${request.version}`))
          .map((r) => [`${r.request.modelId}:${r.request.version}`, r]),
      ).values(),
    ];
    if (fresh.length === 0) return;
    const versions = fresh.map(({ request }) => ({ modelId: request.modelId, version: request.version }));
    // advice only: a failed read must not hold up the round, and the next refusal asks again
    const declared = await currentDeclarations(
      this.clients.publicClient,
      this.deployment.vault,
      this.address,
      versions,
    ).catch(() => [] as boolean[]);
    for (const [i, { request, refusal }] of fresh.entries()) {
      if (!declared[i]) continue;
      const id = `${request.modelId}:${request.version}`;
      this.warnedDeclarations.add(id);
      this.log.error(
        { version: id, reason: refusal.reason },
        `this operator declares model ${request.modelId} version ${request.version} but will not serve it: requests drawn for it time out and are slashed. Withdraw it now with \`symbiote-oracle models sync\` (or \`models undeclare ${id}\`)${this.config.declarations.withdrawUnservable ? "; the node also withdraws it at its next start" : ""}`,
      );
    }
  }

  private circuitFor(circuitId: number): Promise<ResolvedCircuit> {
    let found = this.circuits.get(circuitId);
    if (!found) {
      found = this.clients.publicClient
        .readContract({
          address: this.deployment.registry,
          abi: modelRegistryAbi,
          functionName: "circuit",
          args: [circuitId],
        })
        .then((c) =>
          resolveCircuit(this.manifest, {
            circuitId,
            proofSystem: c.proofSystem,
            wasmHash: c.wasmHash,
            zkeyHash: c.zkeyHash,
            vkeyHash: c.vkeyHash,
            inputMode: c.inputMode,
            outputWords: c.outputWords,
            inputWords: c.inputWords,
          }),
        );
      found.catch(() => this.circuits.delete(circuitId));
      this.circuits.set(circuitId, found);
    }
    return found;
  }

  private startProving(now: bigint): void {
    const capacity = this.config.proving.concurrency * 2 - this.pool.load;
    if (capacity <= 0) return;
    const due = this.store.list(["assigned"], 1000).filter((job) => job.serveAfter <= now && job.deadline > now);
    for (const job of due.slice(0, capacity)) {
      this.store.transition(job.requestId, ["assigned"], "proving");
      const task = this.prove(job).finally(() => {
        this.proving.delete(task);
        // keep the provers busy without waiting for the next round's RPC calls, then let that round submit
        if (this.running) this.startProving(this.chainNow);
        this.nudge();
      });
      this.proving.add(task);
    }
  }

  private async prove(job: Job): Promise<void> {
    const request = decodeRequest(job.request);
    try {
      if (job.serveAfter > 0n) {
        // a fallback: someone may have answered during the exclusive window
        const decision = await this.clients.publicClient.readContract({
          address: this.deployment.coordinator,
          abi: coordinatorAbi,
          functionName: "decisionOf",
          args: [job.requestId],
        });
        if (decision.status !== RequestStatus.Pending) {
          // not ours: this node has not proved it yet, so any settlement is another operator's (or an expiry)
          this.store.transition(job.requestId, ["proving"], "skipped", {
            note: `settled on chain (status ${decision.status}) before this node proved it`,
          });
          this.metrics.requestsSkipped.inc();
          return;
        }
      }
      const circuit = await this.circuitFor(request.circuitId);
      await this.models.ensureBlob(circuit.artifacts.wasm.sha256);
      await this.models.ensureBlob(circuit.artifacts.zkey.sha256);
      await this.models.ensureBlob(circuit.artifacts.vkey.sha256);
      const served = this.models.readModel(request.weightsCommitment);
      if (!fitsShape(served, circuit.shape)) {
        throw new FatalError(
          `the weights under commitment ${request.weightsCommitment} do not fit circuit ${circuit.manifestId}; the registry and the model store disagree.`,
        );
      }
      const { inputs, inputSalt } = this.inputsOf(request, circuit);
      const binding = computeBinding({
        chainId: BigInt(this.config.chainId),
        coordinator: this.deployment.coordinator,
        requestId: request.requestId,
        operator: this.address,
      });
      const result = await this.pool.prove({
        requestId: request.requestId,
        storeDir: this.models.dir,
        circuit,
        served,
        inputs,
        context: inputSalt === undefined ? { binding } : { binding, inputSalt },
      });
      const expectedInputs = result.publicSignals.slice(circuit.outputWords, -2);
      if (expectedInputs.join() !== request.inputWords.map(String).join()) {
        throw new FatalError(
          `request ${request.requestId}: its input words are not the canonical packing of its features; it cannot be proven and is left to time out.`,
        );
      }
      this.metrics.proofSeconds.observe(result.totalMs / 1000);
      this.store.transition(job.requestId, ["proving"], "proved", {
        proof: JSON.stringify({
          outputs: result.publicSignals.slice(0, circuit.outputWords),
          proof: result.proof,
          proofMs: result.proofMs,
        }),
      });
      this.log.info({ requestId: request.requestId, proofMs: Math.round(result.proofMs) }, "request proved");
    } catch (error) {
      if (!this.running && !(error instanceof FatalError)) return; // shutting down: recovery requeues it
      if (error instanceof RetryableError || !(error instanceof BaseError)) {
        this.log.warn({ requestId: request.requestId, err: (error as Error).message }, "proving interrupted; requeued");
        this.store.transition(job.requestId, ["proving"], "assigned", { attempts: job.attempts + 1 });
      } else {
        this.log.error({ requestId: request.requestId, err: error.shortMessage }, "request cannot be served");
        this.store.transition(job.requestId, ["proving"], "failed", { note: error.shortMessage });
        this.metrics.requestsFailed.inc();
      }
    }
  }

  private inputsOf(request: ChainRequest, circuit: ResolvedCircuit): { inputs: bigint[]; inputSalt?: bigint } {
    const count = featureCount(circuit.shape);
    if (request.inputMode !== INPUT_MODE_COMMITTED) return { inputs: unpackFeatures(request.inputWords, count) };
    if (!this.data) {
      throw new FatalError(
        "a committed-input request names this node, but no dataStore is configured; set dataStore.dir to the folder of private inputs.",
      );
    }
    // a compiled circuit's shape may be beyond the original three (its entry's); a dense network commits as the MLP
    const shape = circuit.shape as CircuitShape | CompiledShape;
    const opened = this.data.open(request.inputWords[0] as bigint, commitmentFamily(shape));
    return { inputs: opened.inputs, inputSalt: opened.salt };
  }

  private expire(now: bigint): void {
    for (const job of this.store.list(["seen", "assigned"], 1000)) {
      if (job.deadline <= now) {
        this.store.transition(job.requestId, [job.state], "expired", { note: "deadline passed before it was served" });
        this.metrics.requestsExpired.inc();
      }
    }
  }

  /** Stops the loop, waits for the round in progress, and closes the pool, the server and the database. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.pool?.close();
    await Promise.allSettled([...this.proving]);
    await this.metricsServer?.close();
    this.store.close();
  }
}
