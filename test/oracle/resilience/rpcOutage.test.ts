import type { NodeSetup } from "@symbiote/devnet";
import { RequestStatus } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "../../helpers/tcpProxy.ts";
import { decisionsByRequest, readJobs, transactionsFrom } from "./helpers/audit.ts";
import { eventually, jobsFile, OPERATOR, type ResilienceChain, resilienceChain } from "./helpers/fixture.ts";
import { healthz, LEVEL, type NodeProcess, startNodeProcess } from "./helpers/nodeProcess.ts";

const OUTAGE_MS = 30_000;

let chain: ResilienceChain;
let proxy: TcpProxy;
let setup: NodeSetup;
let node: NodeProcess | undefined;

beforeAll(async () => {
  chain = await resilienceChain("outage");
  proxy = await startTcpProxy({ host: "127.0.0.1", port: chain.anvil.port });
  // the node reaches the chain only through the proxy; the test's own requests go straight to anvil
  setup = await chain.prepare("op", { rpc: [proxy.url] });
}, 600_000);

afterAll(async () => {
  await node?.kill9();
  await proxy?.close();
  await chain?.close();
});

const sleepUntil = (at: number) => new Promise((wake) => setTimeout(wake, Math.max(0, at - Date.now())));

describe("an RPC outage of 30 s (a proxy that resets every connection)", () => {
  it("backs off, reports unhealthy, then recovers and serves the requests made during the outage", async () => {
    const firstBlock = (await chain.p.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
    node = startNodeProcess(setup.configPath, setup.env);
    const port = await node.metricsPort();
    const before = await chain.request();
    await eventually("the request before the outage fulfilled", async () =>
      (await chain.p.decisionOf(before)).status === RequestStatus.Fulfilled ? true : undefined,
    );
    await eventually("the node healthy", async () => ((await healthz(port)).status === 200 ? true : undefined));

    proxy.cut();
    const cutAt = Date.now();
    // /healthz, sampled through the outage from the moment of the cut, while the requests are sent beside it
    const samples: { askedAt: number; at: number; status: number; lastError: unknown }[] = [];
    const sampling = (async () => {
      while (Date.now() < cutAt + OUTAGE_MS) {
        const askedAt = Date.now();
        const health = await healthz(port);
        samples.push({ askedAt, at: Date.now() - cutAt, status: health.status, lastError: health.body.lastError });
        await sleepUntil(Math.min(Date.now() + 500, cutAt + OUTAGE_MS));
      }
    })();
    const during = [await chain.request(), await chain.request()];
    await sampling;
    proxy.restore();
    const restoredAt = Date.now();

    const failures = node.logs.filter(
      (l) => l.level === LEVEL.warn && l.msg === "step failed; backing off" && l.time >= cutAt && l.time <= restoredAt,
    );
    expect(failures.length, "failed rounds logged during the outage").toBeGreaterThan(0);
    const firstFailureAt = (failures[0] as { time: number }).time;
    const firstUnhealthy = samples.findIndex((h) => h.status === 503);
    expect(firstUnhealthy, "a 503 during the outage").toBeGreaterThanOrEqual(0);
    const detectedMs = (samples[firstUnhealthy] as { at: number }).at;
    // unhealthy from the first failed round (how long that round takes to fail is the RPC client's timeout, which a
    // loaded machine stretches), and from then on until the RPC is back: every probe asked after it is a 503
    const askedAfterFailure = samples.findIndex((h) => h.askedAt > firstFailureAt);
    expect(askedAfterFailure, "a probe after the first failed round").toBeGreaterThanOrEqual(0);
    expect(firstUnhealthy).toBeLessThanOrEqual(askedAfterFailure);
    expect(samples.slice(firstUnhealthy).filter((h) => h.status !== 503)).toEqual([]);
    expect(String(samples[firstUnhealthy]?.lastError)).toMatch(/RPC endpoint|connection/);

    // logged, and backing off: a node polling every 250 ms without back-off would fail ~120 rounds in 30 s
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(failures.length).toBeLessThanOrEqual(12);
    // each failed round doubles the wait (up to 30 s), as the node logs it: the wall-clock gaps between failures also
    // hold each round's RPC timeout, which a loaded machine stretches, so they are not what is compared
    const waits = failures.map((l) => Number((l as { retryInMs?: number }).retryInMs));
    waits.slice(1).forEach((wait, i) => {
      expect(wait, `wait after failed round ${i + 2}`).toBe(Math.min(2 * (waits[i] as number), 30_000));
    });
    expect(waits.at(-1)).toBeGreaterThanOrEqual(4 * (waits[0] as number));
    expect(proxy.dropped).toBeGreaterThan(0);

    await eventually("/healthz healthy again", async () => ((await healthz(port)).status === 200 ? true : undefined));
    const healthyAfterMs = Date.now() - restoredAt;
    await eventually(
      "the requests made during the outage confirmed",
      () => {
        const jobs = readJobs(jobsFile(setup));
        return during.every((id) => jobs.get(id)?.state === "confirmed") ? true : undefined;
      },
      120_000,
    );
    const servedAfterMs = Date.now() - restoredAt;
    const decisions = await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator);
    for (const id of [before, ...during]) {
      expect(decisions.get(id)?.length, `fulfillments of request ${id}`).toBe(1);
      expect(decisions.get(id)?.[0]?.operator).toBe(OPERATOR);
    }
    const sent = await transactionsFrom(chain.p.publicClient, OPERATOR, firstBlock);
    expect(sent.filter((tx) => tx.status !== "success")).toEqual([]);
    console.log(
      `outage: first failed round ${firstFailureAt - cutAt} ms after the cut, unhealthy after ${detectedMs} ms, ${failures.length} failed rounds, ${proxy.dropped} connections reset; healthy ${healthyAfterMs} ms and served ${servedAfterMs} ms after the RPC came back`,
    );
    await node.stop();
  }, 300_000);
});
