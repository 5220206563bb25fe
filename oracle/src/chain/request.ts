import type { AbiParameterToPrimitiveType, Hex } from "viem";
import type { coordinatorAbi } from "./abis.ts";

type RequestedEvent = Extract<(typeof coordinatorAbi)[number], { type: "event"; name: "InferenceRequested" }>;
type RequestParameter = Extract<RequestedEvent["inputs"][number], { name: "request" }>;

/**
 * IInferenceCoordinator.Request as viem decodes it from `InferenceRequested`, derived from the ABI: `round` is the
 * public-input assignment round (0 for committed inputs), `fee` the model's fee and `callbackFee` what the requester
 * paid for its callback gas.
 */
export type ChainRequest = AbiParameterToPrimitiveType<RequestParameter>;

/** IInferenceCoordinator.RequestStatus. */
export const RequestStatus = { None: 0, Pending: 1, Fulfilled: 2, CallbackFailed: 3, Expired: 4 } as const;

export const INPUT_MODE_PUBLIC = 0;
export const INPUT_MODE_COMMITTED = 1;

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
