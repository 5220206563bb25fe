import { coordinatorAbi } from "@symbiote/sdk";
import Database from "better-sqlite3";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import type { JobState } from "../../../../oracle/src/jobs/states.ts";

/**
 * Reads a node's job database without the node's help (read-only, beside a running or killed node), as an operator
 * inspecting the file would.
 */
export function readJobs(
  path: string,
): Map<bigint, { state: JobState; txHash: Hex | null; txNonce: number | null; note: string | null }> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT request_id, state, tx_hash, tx_nonce, note FROM jobs").all() as {
      request_id: string;
      state: JobState;
      tx_hash: Hex | null;
      tx_nonce: number | null;
      note: string | null;
    }[];
    return new Map(
      rows.map((r) => [BigInt(r.request_id), { state: r.state, txHash: r.tx_hash, txNonce: r.tx_nonce, note: r.note }]),
    );
  } finally {
    db.close();
  }
}

/** The state changes a job went through, oldest first. */
export function readHistory(
  path: string,
  requestId: bigint,
): { from: string | null; to: string; note: string | null }[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT from_state AS 'from', to_state AS 'to', note FROM history WHERE request_id = ? ORDER BY rowid")
      .all(requestId.toString()) as { from: string | null; to: string; note: string | null }[];
  } finally {
    db.close();
  }
}

/**
 * Every `DecisionRecorded` on the canonical chain, grouped by request id, with the input words of the request it
 * settled (joined to the canonical `InferenceRequested` of that id, as the decision log is read).
 */
export async function decisionsByRequest(
  client: PublicClient<Transport, Chain>,
  coordinator: Address,
): Promise<Map<bigint, { operator: Address; inputWords: readonly bigint[]; transactionHash: Hex }[]>> {
  const range = { address: coordinator, abi: coordinatorAbi, fromBlock: 0n, strict: true } as const;
  const [events, requested] = await Promise.all([
    client.getContractEvents({ ...range, eventName: "DecisionRecorded" }),
    client.getContractEvents({ ...range, eventName: "InferenceRequested" }),
  ]);
  const wordsOf = new Map(requested.map((e) => [e.args.requestId, e.args.request.inputWords]));
  const byId = new Map<bigint, { operator: Address; inputWords: readonly bigint[]; transactionHash: Hex }[]>();
  for (const e of events) {
    const list = byId.get(e.args.requestId) ?? [];
    const inputWords = wordsOf.get(e.args.requestId) ?? [];
    list.push({ operator: e.args.operator, inputWords, transactionHash: e.transactionHash });
    byId.set(e.args.requestId, list);
  }
  return byId;
}

/** Request ids a batch skipped (`FulfillmentSkipped`): a node that sends twice leaves these behind. */
export async function skippedRequests(client: PublicClient<Transport, Chain>, coordinator: Address): Promise<bigint[]> {
  const events = await client.getContractEvents({
    address: coordinator,
    abi: coordinatorAbi,
    eventName: "FulfillmentSkipped",
    fromBlock: 0n,
    strict: true,
  });
  return events.map((e) => e.args.requestId);
}

/**
 * Every transaction `from` sent in blocks `fromBlock`…head of the canonical chain, with its receipt status: the
 * evidence that a node neither double-sent nor spammed reverting fulfillments.
 */
export async function transactionsFrom(
  client: PublicClient<Transport, Chain>,
  from: Address,
  fromBlock: bigint,
): Promise<{ hash: Hex; nonce: number; status: "success" | "reverted"; maxFeePerGas?: bigint }[]> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const sent: { hash: Hex; nonce: number; status: "success" | "reverted"; maxFeePerGas?: bigint }[] = [];
  for (let n = fromBlock; n <= head; n++) {
    const block = await client.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== from.toLowerCase()) continue;
      const receipt = await client.getTransactionReceipt({ hash: tx.hash });
      sent.push({ hash: tx.hash, nonce: tx.nonce, status: receipt.status, maxFeePerGas: tx.maxFeePerGas });
    }
  }
  return sent;
}
