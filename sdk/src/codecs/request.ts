import type { AbiParameterToPrimitiveType } from "viem";
import type { coordinatorAbi } from "../abis.ts";
import { InputModeValue } from "../enums.ts";

type RequestedEvent = Extract<(typeof coordinatorAbi)[number], { type: "event"; name: "InferenceRequested" }>;
type RequestParameter = Extract<RequestedEvent["inputs"][number], { name: "request" }>;

/**
 * IInferenceCoordinator.Request as viem decodes it from `InferenceRequested`, derived from the ABI: `round` is the
 * public-input assignment round (0 for committed inputs), `fee` the model's fee and `callbackFee` what the requester
 * paid for its callback gas.
 */
export type ChainRequest = AbiParameterToPrimitiveType<RequestParameter>;

/** How a request carries its features: packed into public signals, or as a salted Poseidon commitment. */
export type InputMode = "public" | "committed";

/** The ABI value of an input mode (the coordinator's `InputMode` enum). */
export const INPUT_MODE_PUBLIC = InputModeValue.Public;
export const INPUT_MODE_COMMITTED = InputModeValue.Committed;

/** An input mode by name from its ABI value. */
export function inputModeName(value: number): InputMode {
  return value === InputModeValue.Committed ? "committed" : "public";
}
