import { type NodeSetup, rpc } from "@symbiote/devnet";
import { RequestStatus } from "@symbiote/sdk";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisionsByRequest, readHistory, readJobs, skippedRequests, transactionsFrom } from "./helpers/audit.ts";
import {
  eventually,
  jobsFile,
  OPERATOR,
  patchConfig,
  type ResilienceChain,
  resilienceChain,
} from "./helpers/fixture.ts";
import { isAlive, type NodeProcess, startNodeProcess } from "./helpers/nodeProcess.ts";

let chain: ResilienceChain;
let setup: NodeSetup;
let node: NodeProcess | undefined;
let firstBlock: bigint;
const served: bigint[] = [];

beforeAll(async () => {
  chain = await resilienceChain("crash");
  setup = await chain.prepare("op");
  // the first block after the setup (fresh, not viem's cached head): the operator's staking and registration are
  // not part of the audit
  firstBlock = (await chain.p.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
}, 600_000);

afterAll(async () => {
  await node?.kill9();
  await chain?.close();
});

/** A job's state as the database file says, or undefined before the node has created the file. */
function jobOf(id: bigint) {
  try {
    return readJobs(jobsFile(setup)).get(id);
  } catch {
    return undefined;
  }
}

async function startNode(proofDelayMs?: number): Promise<NodeProcess> {
  patchConfig(setup, { faultInjection: proofDelayMs ? { proofDelayMs } : undefined });
  const started = startNodeProcess(setup.configPath, setup.env);
  await started.metricsPort();
  return started;
}

async function confirmed(ids: bigint[]): Promise<void> {
  await eventually(
    `requests ${ids.join(", ")} confirmed in the job store`,
    () => (ids.every((id) => jobOf(id)?.state === "confirmed") ? true : undefined),
    120_000,
  );
}

describe("kill -9 of the operator node, then a restart on the same job database", () => {
  it("during proving: the jobs caught proving are requeued, and each request is fulfilled exactly once", async () => {
    // every proof is held for a minute, so the kill lands while a prover process is working on a job
    node = await startNode(60_000);
    const ids = [await chain.request(), await chain.request(), await chain.request()];
    served.push(...ids);
    await eventually("a job in proving", () => (ids.some((id) => jobOf(id)?.state === "proving") ? true : undefined));
    const provers = node.children();
    expect(provers.length).toBe(1);

    await node.kill9();
    // the prover process notices that its parent is gone and exits: no orphan keeps a core busy
    await eventually("the prover process to exit", () => (provers.every((pid) => !isAlive(pid)) ? true : undefined));
    const atCrash = ids.map((id) => jobOf(id)?.state);
    expect(atCrash).toContain("proving");
    for (const id of ids) expect((await chain.p.decisionOf(id)).status).toBe(RequestStatus.Pending);

    node = await startNode();
    await node.waitForLog((l) => l.msg === "requeued jobs interrupted while proving", "the requeue");
    await confirmed(ids);
    const decisions = await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator);
    for (const id of ids) {
      expect(decisions.get(id)?.length, `fulfillments of request ${id}`).toBe(1);
      expect(decisions.get(id)?.[0]?.operator).toBe(OPERATOR);
    }
    const interrupted = ids.filter((id) =>
      readHistory(jobsFile(setup), id).some((h) => h.note === "requeued after restart"),
    );
    expect(interrupted.length).toBe(atCrash.filter((s) => s === "proving").length);
    await node.stop();
  }, 300_000);

  // Mining is paused once the job is proving, so the fulfillment waits in the pool: the kill lands after the
  // transaction was signed, stored and sent, and before the node saw it mined.
  const fates = ["mined while the node is down", "still pending at the restart", "lost from the pool"] as const;
  it.each(fates)(
    "during submission, the fulfillment %s: settled once, with the transaction signed before the kill",
    async (fate) => {
      await chain.resumeMining();
      node = await startNode(2_000);
      const id = await chain.request();
      served.push(id);
      await eventually("the job proving", () => (jobOf(id)?.state === "proving" ? true : undefined));
      await chain.pauseMining();
      const sent = await eventually("the fulfillment sent", () => {
        const job = jobOf(id);
        return job?.state === "submitted" ? job : undefined;
      });
      const pending = await eventually("the fulfillment in the pool", async () =>
        (await chain.pendingFromOperator()).get(sent.txNonce as number),
      );
      expect(pending.hash).toBe(sent.txHash);

      await node.kill9();
      if (fate === "mined while the node is down") await chain.mine(1);
      if (fate === "lost from the pool") {
        await rpc(chain.anvil.url, "anvil_dropTransaction", [sent.txHash]);
        expect((await chain.pendingFromOperator()).size).toBe(0);
      }
      expect(jobOf(id)?.state).toBe("submitted");

      node = await startNode();
      if (fate !== "mined while the node is down") {
        // the node put the very transaction it had signed back into the pool (already there, or rebroadcast)
        await eventually("the stored transaction in the pool", async () =>
          (await chain.pendingFromOperator()).get(sent.txNonce as number)?.hash === sent.txHash ? true : undefined,
        );
      }
      await chain.resumeMining();
      await confirmed([id]);
      const decisions = (await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator)).get(id);
      expect(decisions?.length).toBe(1);
      expect(decisions?.[0]?.transactionHash).toBe(sent.txHash as Hex);
      await node.stop();
    },
    300_000,
  );

  it("left nothing behind: one successful transaction per fulfillment, no reverts, no skipped duplicates", async () => {
    expect(served.length).toBe(6);
    const decisions = await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator);
    const fulfilling = new Set(served.flatMap((id) => (decisions.get(id) ?? []).map((d) => d.transactionHash)));
    const sent = await transactionsFrom(chain.p.publicClient, OPERATOR, firstBlock);
    expect(sent.filter((tx) => tx.status !== "success")).toEqual([]);
    expect(new Set(sent.map((tx) => tx.hash))).toEqual(fulfilling);
    expect(await skippedRequests(chain.p.publicClient, chain.deployment.coordinator)).toEqual([]);
  }, 120_000);
});
