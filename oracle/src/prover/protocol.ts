import type { ServedModel } from "@symbiote/circuits";
import type { ResolvedCircuit } from "@symbiote/sdk";
import type { Hex } from "viem";

/**
 * Messages between the pool and its threads. Bigints cross the thread boundary as decimal strings inside JSON, so the
 * structured clone never sees a type it cannot copy and both sides agree on one encoding.
 */
export type ProveTask = {
  id: number;
  requestId: bigint;
  storeDir: string;
  circuit: ResolvedCircuit;
  served: ServedModel;
  /** The features (classifier, MLP, tree ensemble) or the user embedding (recommender), raw fixed point. */
  inputs: bigint[];
  context: { binding: bigint; inputSalt?: bigint };
  /** Fault injection only (config `faultInjection.proofDelayMs`): wait this long before proving. */
  delayMs?: number;
};

export type WorkerReply =
  | {
      ok: true;
      id: number;
      publicSignals: string[];
      proof: Hex;
      witnessMs: number;
      proofMs: number;
      totalMs: number;
    }
  | { ok: false; id: number; fatal: boolean; message: string };

const TAG = "__bigint:";

export function encodeTask(task: ProveTask): { id: number; json: string } {
  return {
    id: task.id,
    json: JSON.stringify(task, (_, value) => (typeof value === "bigint" ? `${TAG}${value}` : value)),
  };
}

export function decodeTask(message: unknown): ProveTask {
  const { json } = message as { json: string };
  return JSON.parse(json, (_, value) =>
    typeof value === "string" && value.startsWith(TAG) ? BigInt(value.slice(TAG.length)) : value,
  ) as ProveTask;
}
