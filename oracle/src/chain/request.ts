import type { ChainRequest } from "@symbiote/sdk";
import type { Hex } from "viem";

/** The request as the job store keeps it: JSON with bigints as decimal strings. */
export function encodeRequest(request: ChainRequest): string {
  return JSON.stringify(request, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

const BIGINT_FIELDS = [
  "requestId",
  "modelId",
  "fee",
  "callbackFee",
  "requestedAt",
  "deadline",
  "round",
  "weightsCommitment",
] as const satisfies readonly (keyof ChainRequest)[];

export function decodeRequest(json: string): ChainRequest {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...raw };
  for (const field of BIGINT_FIELDS) out[field] = BigInt(raw[field] as string);
  out.inputWords = (raw.inputWords as string[]).map(BigInt);
  return out as ChainRequest;
}

/** The stored proof of a job: the outputs and the proof bytes, as submitted. */
export type StoredProof = { outputs: string[]; proof: Hex; proofMs: number };
