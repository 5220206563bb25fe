import { type NodeSetup, rpc } from "@symbiote/devnet";
import { type Hex, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisionsByRequest, readJobs, transactionsFrom } from "./helpers/audit.ts";
import { eventually, jobsFile, OPERATOR, type ResilienceChain, resilienceChain } from "./helpers/fixture.ts";
import { type NodeProcess, startNodeProcess } from "./helpers/nodeProcess.ts";

const STUCK_AFTER_MS = 3_000;
const BUMP_PERCENT = 20;

let chain: ResilienceChain;
let setup: NodeSetup;
let node: NodeProcess | undefined;
let firstBlock: bigint;

beforeAll(async () => {
  chain = await resilienceChain("stuck");
  setup = await chain.prepare("op", {
    extra: {
      gas: { stuckAfterMs: STUCK_AFTER_MS, bumpPercent: BUMP_PERCENT },
      // each proof waits 2 s, time enough to stop block production before the fulfillment goes out
      faultInjection: { proofDelayMs: 2_000 },
    },
  });
  firstBlock = (await chain.p.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
  node = startNodeProcess(setup.configPath, setup.env);
  await node.metricsPort();
}, 600_000);

afterAll(async () => {
  await node?.kill9();
  await chain?.close();
});

const jobOf = (id: bigint) => readJobs(jobsFile(setup)).get(id);

/** Requests an inference and lets the node send its fulfillment into a pool that no block drains. */
async function fulfillmentWaitingInThePool(): Promise<{ id: bigint; nonce: number; original: StuckTx }> {
  await chain.resumeMining();
  const id = await chain.request();
  await eventually("the job proving", () => (jobOf(id)?.state === "proving" ? true : undefined));
  await chain.pauseMining();
  const job = await eventually("the fulfillment sent", () => {
    const found = jobOf(id);
    return found?.state === "submitted" ? found : undefined;
  });
  const nonce = job.txNonce as number;
  const original = await eventually("the fulfillment in the pool", async () =>
    (await chain.pendingFromOperator()).get(nonce),
  );
  expect(original.hash).toBe(job.txHash);
  return { id, nonce, original };
}

type StuckTx = { hash: Hex; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** The one fulfillment of `id` on chain must be a replacement of `original`: same nonce, both fees up ≥ 10%. */
async function expectServedByReplacement(id: bigint, nonce: number, original: StuckTx): Promise<void> {
  await eventually("the request confirmed", () => (jobOf(id)?.state === "confirmed" ? true : undefined), 120_000);
  const decisions = (await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator)).get(id) ?? [];
  expect(decisions.length).toBe(1);
  const mined = await chain.p.publicClient.getTransaction({ hash: decisions[0]?.transactionHash as Hex });
  expect(mined.nonce).toBe(nonce);
  expect(mined.hash).not.toBe(original.hash);
  expect(mined.maxFeePerGas as bigint).toBeGreaterThanOrEqual((original.maxFeePerGas * 110n) / 100n);
  expect(mined.maxPriorityFeePerGas as bigint).toBeGreaterThanOrEqual((original.maxPriorityFeePerGas * 110n) / 100n);
  await expect(chain.p.publicClient.getTransactionReceipt({ hash: original.hash })).rejects.toThrow();
  expect(
    node?.logs.some((l) => l.msg === "stuck transaction replaced" && l.old === original.hash),
    "the node logs the replacement of the original",
  ).toBe(true);
}

describe("a stuck fulfillment is replaced with the same nonce and higher fees", () => {
  it("while no block is produced: the replacement takes the original's place in the pool", async () => {
    const { id, nonce, original } = await fulfillmentWaitingInThePool();
    const replacement = await eventually(
      "a replacement in the pool",
      async () => {
        const pending = (await chain.pendingFromOperator()).get(nonce);
        return pending && pending.hash !== original.hash ? pending : undefined;
      },
      STUCK_AFTER_MS * 5,
    );
    // the pool holds one transaction for the nonce, with both fees raised by bumpPercent
    expect(replacement.maxPriorityFeePerGas).toBeGreaterThanOrEqual(
      (original.maxPriorityFeePerGas * BigInt(100 + BUMP_PERCENT)) / 100n,
    );
    expect(replacement.maxFeePerGas).toBeGreaterThanOrEqual(
      (original.maxFeePerGas * BigInt(100 + BUMP_PERCENT)) / 100n,
    );
    await chain.resumeMining();
    await expectServedByReplacement(id, nonce, original);
  }, 300_000);

  it("when the base fee jumps above its max fee: the replacement bids for the new base fee", async () => {
    const { id, nonce, original } = await fulfillmentWaitingInThePool();
    await rpc(chain.anvil.url, "anvil_setNextBlockBaseFeePerGas", [toHex(original.maxFeePerGas * 4n)]);
    await chain.mine(1);
    // the original can no longer be included (anvil evicts it; another node would park it)
    expect((await chain.pendingFromOperator()).get(nonce)?.hash).not.toBe(original.hash);
    await chain.resumeMining();
    await expectServedByReplacement(id, nonce, original);
  }, 300_000);

  it("across a kill -9 while it is underpriced: the restarted node starts and replaces it", async () => {
    const { id, nonce, original } = await fulfillmentWaitingInThePool();
    await rpc(chain.anvil.url, "anvil_setNextBlockBaseFeePerGas", [toHex(original.maxFeePerGas * 4n)]);
    await chain.mine(1);
    await node?.kill9();
    // on restart the node rebroadcasts the stored transaction, which the RPC now refuses as underpriced
    node = startNodeProcess(setup.configPath, setup.env);
    await node.metricsPort();
    await chain.resumeMining();
    await expectServedByReplacement(id, nonce, original);
  }, 300_000);

  it("sent nothing that reverted", async () => {
    const sent = await transactionsFrom(chain.p.publicClient, OPERATOR, firstBlock);
    expect(sent.length).toBe(3);
    expect(sent.filter((tx) => tx.status !== "success")).toEqual([]);
  }, 120_000);
});
