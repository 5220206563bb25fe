import { type AbiParameter, type Address, encodeAbiParameters, type Hex, keccak256 } from "viem";
import { coordinatorAbi } from "../abis.ts";
import type { ChainRequest } from "./request.ts";

/**
 * The hashes the coordinator keeps in its one-slot record of a request (`decisionOf().hash`). The slot holds the hash
 * with its low byte replaced by the status, so `decisionOf` returns it with that byte cleared; these functions clear it
 * the same way, and a record compares equal to them directly. Browser-safe: the operator node, the explorer and integrators check a
 * settlement with them.
 */

const requestParameter = (() => {
  const event = coordinatorAbi.find((item) => item.type === "event" && item.name === "InferenceRequested");
  const input = event?.inputs.find((i) => i.name === "request");
  if (!input) throw new Error("coordinatorAbi has no InferenceRequested(request); regenerate sdk/src/abis.ts");
  return input as AbiParameter;
})();

const LOW_BYTE_CLEARED = ~0xffn & ((1n << 256n) - 1n);

/** `hash` with its low byte cleared, as `decisionOf` returns the stored one. */
export function recordForm(hash: Hex): Hex {
  return `0x${(BigInt(hash) & LOW_BYTE_CLEARED).toString(16).padStart(64, "0")}`;
}

/** keccak256(abi.encode(request)): the full request hash the fulfilled record is built on. */
export function requestHash(request: ChainRequest): Hex {
  return keccak256(encodeAbiParameters([requestParameter], [request]));
}

/** The record of a pending (or expired) request: its request hash, low byte cleared. */
export function pendingRecordHash(request: ChainRequest): Hex {
  return recordForm(requestHash(request));
}

/**
 * The record of a fulfilled request: keccak256(abi.encode(requestHash, outputs, proofHash, operator)), low byte
 * cleared. It names the operator, so a node tells its own settlement from another's by recomputing it.
 */
export function fulfilledRecordHash(
  request: ChainRequest,
  outputs: readonly bigint[],
  proofHash: Hex,
  operator: Address,
): Hex {
  return recordForm(
    keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint256[]" }, { type: "bytes32" }, { type: "address" }],
        [requestHash(request), outputs, proofHash, operator],
      ),
    ),
  );
}
