import { type NodeSetup, rpc } from "@symbiote/devnet";
import { coordinatorAbi, RequestStatus } from "@symbiote/sdk";
import { type Account, encodeFunctionData, type Hex, parseEther, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decisionsByRequest, readJobs, transactionsFrom } from "./helpers/audit.ts";
import {
  eventually,
  jobsFile,
  OPERATOR,
  PUBLIC_CLASSIFIER,
  REQUESTER_KEY,
  type ResilienceChain,
  resilienceChain,
  SECOND_REQUESTER_KEY,
} from "./helpers/fixture.ts";
import { type NodeProcess, startNodeProcess } from "./helpers/nodeProcess.ts";

const CONFIRMATIONS = 3;

let chain: ResilienceChain;
let setup: NodeSetup;
let node: NodeProcess | undefined;
let firstBlock: bigint;

beforeAll(async () => {
  chain = await resilienceChain("reorg");
  setup = await chain.prepare("op", {
    confirmations: CONFIRMATIONS,
    // each proof waits 2 s, time enough to stop block production before the fulfillment goes out
    extra: { faultInjection: { proofDelayMs: 2_000 } },
  });
  firstBlock = (await chain.p.publicClient.getBlockNumber({ cacheTime: 0 })) + 1n;
  node = startNodeProcess(setup.configPath, setup.env);
  await node.metricsPort();
  // one request served first (its round's seed answered), so the node is warm before the chain is rewritten
  const warmUp = await chain.request();
  await eventually("the warm-up request confirmed", () => (jobOf(warmUp)?.state === "confirmed" ? true : undefined));
}, 600_000);

afterAll(async () => {
  await node?.kill9();
  await chain?.close();
});

const jobOf = (id: bigint) => readJobs(jobsFile(setup)).get(id);
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** A signed `requestInference` for the public classifier, not yet sent. */
async function signedRequest(key: Hex, inputWords: bigint[]): Promise<Hex> {
  const wallet = chain.p.wallet(key);
  const prepared = await wallet.prepareTransactionRequest({
    account: wallet.account as Account,
    chain: wallet.chain,
    to: chain.deployment.coordinator,
    data: encodeFunctionData({
      abi: coordinatorAbi,
      functionName: "requestInference",
      args: [
        {
          modelId: PUBLIC_CLASSIFIER,
          version: 0,
          inputMode: 0,
          inputWords,
          dataOwner: zeroAddress,
          callbackGasLimit: 0,
          maxFee: parseEther("100"),
        },
      ],
    }),
  });
  return wallet.signTransaction(prepared as never);
}

/** The request id a mined `requestInference` was given. */
async function requestIdOf(hash: Hex): Promise<bigint> {
  const receipt = await chain.p.publicClient.getTransactionReceipt({ hash });
  const [event] = await chain.p.publicClient.getContractEvents({
    address: chain.deployment.coordinator,
    abi: coordinatorAbi,
    eventName: "InferenceRequested",
    blockHash: receipt.blockHash,
    strict: true,
  });
  return (event as { args: { requestId: bigint } }).args.requestId;
}

describe(`a reorg within the confirmation depth (${CONFIRMATIONS} blocks)`, () => {
  it("a request that vanished is not served; one re-included is served once, under the id it now has", async () => {
    await chain.pauseMining();
    const vanishingWords = chain.nextInputWords();
    const reappearingWords = chain.nextInputWords();
    const vanishing = await signedRequest(REQUESTER_KEY, vanishingWords);
    const reappearing = await signedRequest(SECOND_REQUESTER_KEY, reappearingWords);
    const vanishingHash = await chain.p.publicClient.sendRawTransaction({ serializedTransaction: vanishing });
    await chain.mine(1);
    const reappearingHash = await chain.p.publicClient.sendRawTransaction({ serializedTransaction: reappearing });
    await chain.mine(2);
    const vanishingId = await requestIdOf(vanishingHash);
    expect(await requestIdOf(reappearingHash)).toBe(vanishingId + 1n);
    // several node rounds: both requests are on chain, neither buried deep enough to be served
    await sleep(2_000);
    expect(jobOf(vanishingId)).toBeUndefined();
    expect(jobOf(vanishingId + 1n)).toBeUndefined();

    // the three blocks are replaced; only the second request is in the new ones
    await rpc(chain.anvil.url, "anvil_reorg", [3, [[reappearing, 0]]]);
    await expect(chain.p.publicClient.getTransactionReceipt({ hash: vanishingHash })).rejects.toThrow();
    // request ids are a counter: the re-included request now has the id the vanished one had
    const reappearedId = await requestIdOf(reappearingHash);
    expect(reappearedId).toBe(vanishingId);

    await chain.resumeMining();
    await chain.fulfillSeeds();
    await eventually("the re-included request confirmed", () =>
      jobOf(reappearedId)?.state === "confirmed" ? true : undefined,
    );
    const decisions = await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator);
    expect(decisions.get(reappearedId)?.length).toBe(1);
    expect(decisions.get(reappearedId)?.[0]?.inputWords).toEqual(reappearingWords);
    const all = [...decisions.values()].flat();
    expect(all.filter((d) => d.inputWords.join() === vanishingWords.join())).toEqual([]);
    expect(jobOf(reappearedId + 1n)).toBeUndefined();
  }, 300_000);

  it("a fulfillment reorganised away is sent again, and the request ends fulfilled once", async () => {
    await chain.resumeMining();
    const id = await chain.request();
    await eventually("the job proving", () => (jobOf(id)?.state === "proving" ? true : undefined));
    await chain.pauseMining();
    const sent = await eventually("the fulfillment sent", () => {
      const job = jobOf(id);
      return job?.state === "submitted" ? job : undefined;
    });
    await eventually("the fulfillment in the pool", async () =>
      (await chain.pendingFromOperator()).get(sent.txNonce as number),
    );
    await chain.mine(1);
    expect((await chain.p.decisionOf(id)).status).toBe(RequestStatus.Fulfilled);
    // several node rounds with the fulfillment one block deep
    await sleep(2_000);

    // the block holding the fulfillment is replaced by an empty one: the request is pending again
    await rpc(chain.anvil.url, "anvil_reorg", [1, []]);
    expect((await chain.p.decisionOf(id)).status).toBe(RequestStatus.Pending);
    await chain.resumeMining();
    // the head when the node first calls the request confirmed
    const headAtConfirmation = await eventually(
      "the request confirmed again",
      async () =>
        jobOf(id)?.state === "confirmed" ? await chain.p.publicClient.getBlockNumber({ cacheTime: 0 }) : undefined,
      120_000,
    );
    const decisions = (await decisionsByRequest(chain.p.publicClient, chain.deployment.coordinator)).get(id) ?? [];
    expect(decisions.length).toBe(1);
    const mined = await chain.p.publicClient.getTransaction({ hash: decisions[0]?.transactionHash as Hex });
    expect(mined.nonce).toBe(sent.txNonce);
    // "confirmed" means buried under the confirmation depth, as for requests
    const receipt = await chain.p.publicClient.getTransactionReceipt({ hash: mined.hash });
    expect(headAtConfirmation - receipt.blockNumber).toBeGreaterThanOrEqual(BigInt(CONFIRMATIONS));
  }, 300_000);

  it("sent nothing that reverted", async () => {
    const sent = await transactionsFrom(chain.p.publicClient, OPERATOR, firstBlock);
    expect(sent.filter((tx) => tx.status !== "success")).toEqual([]);
  }, 120_000);
});
