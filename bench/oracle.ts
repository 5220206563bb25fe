/**
 * npm run bench:oracle — one operator node (`symbiote-oracle start`, its own process) on a local anvil with the
 * project's deploy (`deployLocal`), a consumer contract requesting with a callback. Per model case it measures:
 *
 * - latency_ms_p50 / latency_ms_p95: from sending the request transaction to seeing the block with the consumer's
 *   callback, for requests sent one at a time below the node's capacity;
 * - inferences_per_min: the sustained rate of callbacks while requests are offered faster than the node serves them
 *   (callbacks between the first and the last of the stream, so start-up does not count).
 *
 * The chain mines a block a second; the node waits one confirmation. Prints a markdown table and writes
 * .bench/oracle.json: [{case, metric, value, unit}]. `--cases a,b` picks cases (default: all), `--seconds n` sets
 * the length of every throughput stream, `--concurrency n` the node's prover processes (default 1).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadDeployment, REPO_ROOT } from "@symbiote/circuits";
import {
  declareFromStore,
  deployConsumer,
  deployProtocol,
  FAMILY_CIRCUITS,
  type Family,
  freePort,
  grantAccess,
  KEYS,
  mocksFileOf,
  prepareNode,
  protocol,
  RequestSender,
  registerFamilyModel,
  removeDeployment,
  rpc,
  type SentRequest,
  type StoredModel,
  startAnvil,
  startNodeProcess,
} from "@symbiote/devnet";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CallbackWatcher } from "./oracle/callbackWatcher.ts";
import { type BenchCase, CASES, requestFactory } from "./oracle/cases.ts";

type Row = {
  case: string;
  metric: "inferences_per_min" | "latency_ms_p50" | "latency_ms_p95";
  value: number;
  unit: string;
};

const OPERATOR = KEYS[5];
const REQUESTER = KEYS[2];
const DATA_OWNER = KEYS[3];
const MODEL_OWNER = KEYS[4];
/** The node's settings for the run (docs/operator.md); printed with the results. */
const NODE_SETTINGS = { confirmations: 1, pollIntervalMs: 200, concurrency: 1, maxBatch: 10 };
const BLOCK_TIME_S = 1;

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The node's proof-time histogram totals (seconds, count) from its /metrics endpoint. */
async function proofTotals(port: number): Promise<{ seconds: number; count: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0);
  return { seconds: read("symbiote_oracle_proof_seconds_sum"), count: read("symbiote_oracle_proof_seconds_count") };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

function parseArgs(argv: readonly string[]): { cases: BenchCase[]; seconds?: number; concurrency?: number } {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const names = get("--cases")?.split(",");
  const unknown = names?.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown?.length) {
    throw new Error(`unknown case(s) ${unknown.join(", ")}; choose from ${CASES.map((c) => c.name).join(", ")}`);
  }
  const seconds = get("--seconds") === undefined ? undefined : Number(get("--seconds"));
  if (seconds !== undefined && !(seconds > 0)) throw new Error("--seconds needs a positive number");
  const concurrency = get("--concurrency") === undefined ? undefined : Number(get("--concurrency"));
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0))
    throw new Error("--concurrency needs a whole number of prover processes");
  return { cases: CASES.filter((c) => !names || names.includes(c.name)), seconds, concurrency };
}

async function main(): Promise<void> {
  const { cases, seconds, concurrency } = parseArgs(process.argv.slice(2));
  if (concurrency) NODE_SETTINGS.concurrency = concurrency;
  const families = [...new Set(cases.map((c) => c.family))];
  const anvil = await startAnvil();
  const dir = mkdtempSync(join(tmpdir(), "symbiote-bench-oracle-"));
  let deploymentPath: string | undefined;
  const cleanup: (() => unknown)[] = [];
  try {
    log("deploying the protocol (deployLocal) …");
    deploymentPath = await deployProtocol(anvil, `e2e-bench-oracle-${anvil.port}`);
    const deployment = loadDeployment(deploymentPath, 31337);
    const randomness = (JSON.parse(readFileSync(deploymentPath, "utf8")) as { contracts: { epochRandomness: Address } })
      .contracts.epochRandomness;
    const vrf = JSON.parse(readFileSync(mocksFileOf(deploymentPath), "utf8")).vrfCoordinator as Address;
    const p = protocol(anvil.url, deployment);
    await p.registerOperator(OPERATOR);
    const consumer = await deployConsumer(p, deployment, REQUESTER);

    // the deploy's classifier demo models; MLP and recommender models registered here on both of their circuits
    const modelIds = { classifier: { public: 2n, committed: 1n } } as Record<
      Family,
      { public: bigint; committed: bigint }
    >;
    const stored: StoredModel[] = [];
    for (const family of families.filter((f) => f !== "classifier")) {
      const m = await registerFamilyModel(p, deployment, deploymentPath, MODEL_OWNER, family, `bench/${family}`);
      modelIds[family] = { public: m.modelId, committed: m.modelId };
      stored.push({ commitment: m.commitment, artifact: m.artifact, name: m.label });
    }
    await p.setDataNode(DATA_OWNER, OPERATOR);
    for (const family of families) {
      await grantAccess(p, deployment, DATA_OWNER, consumer.address, modelIds[family].committed, 1_000_000);
    }

    const metricsPort = await freePort();
    const setup = await prepareNode(join(dir, "operator"), {
      rpc: [anvil.url],
      deployment: deploymentPath,
      key: OPERATOR,
      confirmations: NODE_SETTINGS.confirmations,
      circuits: families.flatMap((f) => [FAMILY_CIRCUITS[f].public, FAMILY_CIRCUITS[f].committed]),
      models: stored,
      extra: {
        proving: { concurrency: NODE_SETTINGS.concurrency },
        watcher: { pollIntervalMs: NODE_SETTINGS.pollIntervalMs, maxLogRange: 500 },
        gas: { maxBatch: NODE_SETTINGS.maxBatch },
        metrics: { port: metricsPort },
        log: { level: "info" },
      },
    });
    // the operator declares what its store proves (every benchmarked model), as `symbiote-oracle models sync` does
    await declareFromStore(setup);
    await rpc(anvil.url, "evm_setIntervalMining", [BLOCK_TIME_S]);
    log("starting the operator node …");
    const node = await startNodeProcess(setup, metricsPort);
    cleanup.push(() => node.stop());

    // the Chainlink node's part: answer each round's seed request through the local VRF mock
    let seeding = false;
    const seeder = setInterval(() => {
      if (seeding) return;
      seeding = true;
      p.fulfillSeeds(randomness, vrf)
        .catch(() => undefined)
        .finally(() => {
          seeding = false;
        });
    }, 2000);
    cleanup.push(() => clearInterval(seeder));
    const watcher = new CallbackWatcher(p, deployment);
    await watcher.start();
    cleanup.push(() => watcher.stop());
    const sender = new RequestSender(p, deployment);
    const { make, prepare } = requestFactory({
      requesterKey: REQUESTER,
      consumer: consumer.address,
      modelIds,
      dataOwner: privateKeyToAccount(DATA_OWNER).address,
      dataDir: join(setup.dir, "data"),
      registerInputs: (commitments) => p.registerInputs(DATA_OWNER, commitments),
    });
    const settle = async (sent: SentRequest[], perRequestMs: number) => {
      const ids = await sender.idsOf(sent);
      await watcher.waitFor(ids, 60_000 + sent.length * perRequestMs);
      return ids;
    };

    const rows: Row[] = [];
    const notes: string[] = [];
    for (const c of cases) {
      const slowMs = c.family === "classifier" ? 2_000 : 8_000;
      log(`${c.name}: warming up …`);
      await prepare(c, 3);
      await settle(await Promise.all([0, 1, 2].map(() => sender.send(make(c)))), slowMs);

      log(`${c.name}: latency, ${c.latency.requests} requests ${c.latency.gapMs} ms apart …`);
      await prepare(c, c.latency.requests);
      const single: SentRequest[] = [];
      for (let i = 0; i < c.latency.requests; i++) {
        single.push(await sender.send(make(c)));
        await sleep(c.latency.gapMs);
      }
      const singleIds = await settle(single, slowMs);
      const latencies = singleIds.map(
        (id, i) => (watcher.seenAt.get(id) as number) - (single[i] as SentRequest).sentAt,
      );
      // where the latency goes: blocks from the request's block to the callback's (the node's share), the rest is the
      // wait for the request's own block
      const blockGaps = singleIds.map((id) => {
        const b = watcher.blocks.get(id);
        return Number((b?.calledBack ?? 0n) - (b?.requested ?? 0n));
      });

      const streamSeconds = seconds ?? c.throughput.seconds;
      const count = Math.round(streamSeconds * c.throughput.perSecond);
      log(`${c.name}: throughput, ${count} requests offered at ${c.throughput.perSecond}/s …`);
      const txBefore = watcher.decisionsPerTx.size;
      const proofsBefore = await proofTotals(metricsPort);
      await prepare(c, count);
      const stream: SentRequest[] = [];
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        await sleep(start + (i * 1000) / c.throughput.perSecond - performance.now());
        stream.push(await sender.send(make(c)));
      }
      const streamIds = await settle(stream, slowMs);
      const seen = streamIds.map((id) => watcher.seenAt.get(id) as number);
      const spanMs = Math.max(...seen) - Math.min(...seen);
      const perMin = ((streamIds.length - 1) / spanMs) * 60_000;
      const txs = watcher.decisionsPerTx.size - txBefore;
      const proofsAfter = await proofTotals(metricsPort);
      const proofMs = ((proofsAfter.seconds - proofsBefore.seconds) / (proofsAfter.count - proofsBefore.count)) * 1000;

      rows.push(
        { case: c.name, metric: "inferences_per_min", value: perMin, unit: "inferences/min" },
        { case: c.name, metric: "latency_ms_p50", value: percentile(latencies, 0.5), unit: "ms" },
        { case: c.name, metric: "latency_ms_p95", value: percentile(latencies, 0.95), unit: "ms" },
      );
      notes.push(
        `${c.name}: offered ${c.throughput.perSecond * 60}/min for ${streamSeconds} s; ${streamIds.length} fulfilled in ~${txs} transactions; ` +
          `inference + proof ${proofMs.toFixed(0)} ms each in the prover (${((proofMs * perMin) / 600).toFixed(0)}% of one prover's time); ` +
          `latency over ${latencies.length} requests, callback ${percentile(blockGaps, 0.5)} blocks after the request's block (p50; max ${Math.max(...blockGaps)})`,
      );
    }

    mkdirSync(resolve(REPO_ROOT, ".bench"), { recursive: true });
    writeFileSync(resolve(REPO_ROOT, ".bench/oracle.json"), `${JSON.stringify(rows, null, 2)}\n`);
    const get = (c: string, m: Row["metric"]) => rows.find((r) => r.case === c && r.metric === m)?.value ?? Number.NaN;
    console.log("| case | inferences / min | latency p50 (ms) | latency p95 (ms) |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const c of cases) {
      console.log(
        `| ${c.name} | ${get(c.name, "inferences_per_min").toFixed(0)} | ${get(c.name, "latency_ms_p50").toFixed(0)} | ${get(c.name, "latency_ms_p95").toFixed(0)} |`,
      );
    }
    console.log(
      `\nTargets (classifier): ≥ 120 inferences/min, p50 ≤ 3000 ms. Chain: anvil, a block every ${BLOCK_TIME_S} s. Node: ${JSON.stringify(NODE_SETTINGS)}.`,
    );
    for (const note of notes) console.log(`- ${note}`);
    console.log("\nRaw figures: .bench/oracle.json");
  } finally {
    for (const step of cleanup.reverse()) await step();
    await anvil.stop();
    if (deploymentPath) removeDeployment(deploymentPath);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
