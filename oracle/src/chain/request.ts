import type { Address, Hex } from "viem";

/** IInferenceCoordinator.Request as viem decodes it from `InferenceRequested`. */
export type ChainRequest = {
  requestId: bigint;
  requester: Address;
  modelId: bigint;
  version: number;
  circuitId: number;
  inputMode: number;
  dataOwner: Address;
  servingNode: Address;
  callbackGasLimit: number;
  fee: bigint;
  requestedAt: bigint;
  deadline: bigint;
  epoch: bigint;
  weightsCommitment: bigint;
  inputWords: readonly bigint[];
};

/** IInferenceCoordinator.RequestStatus. */
export const RequestStatus = { None: 0, Pending: 1, Fulfilled: 2, CallbackFailed: 3, Expired: 4 } as const;

export const INPUT_MODE_PUBLIC = 0;
export const INPUT_MODE_COMMITTED = 1;

/** The request as the job store keeps it: JSON with bigints as decimal strings. */
export function encodeRequest(request: ChainRequest): string {
  return JSON.stringify(request, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

const BIGINT_FIELDS = ["requestId", "modelId", "fee", "requestedAt", "deadline", "epoch", "weightsCommitment"] as const;

export function decodeRequest(json: string): ChainRequest {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...raw };
  for (const field of BIGINT_FIELDS) out[field] = BigInt(raw[field] as string);
  out.inputWords = (raw.inputWords as string[]).map(BigInt);
  return out as ChainRequest;
}

/** The stored proof of a job: the outputs and the proof bytes, as submitted. */
export type StoredProof = { outputs: string[]; proof: Hex; proofMs: number };
