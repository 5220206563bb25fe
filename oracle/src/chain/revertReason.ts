import { type Abi, decodeErrorResult, type Hex } from "viem";
import { coordinatorAbi, dataRegistryAbi, modelRegistryAbi, stakingVaultAbi } from "./abis.ts";

/** A revert decoded against the protocol's errors: its name, and a one-line description with its arguments. */
export type RevertReason = { name: string; description: string };

/** Where a fulfillment's or a request's revert may come from: the coordinator and the contracts it calls. */
const ABIS: readonly Abi[] = [coordinatorAbi, modelRegistryAbi, dataRegistryAbi, stakingVaultAbi];

const show = (value: unknown): string => (typeof value === "bigint" ? value.toString() : JSON.stringify(value));

/**
 * Decodes revert data (a custom error of the coordinator, the registries or the vault, `Error(string)` or a panic).
 * Returns undefined for data none of them knows, naming the selector instead.
 *
 * @example decodeRevertData("0x…") // { name: "CoordinatorInvalidProof", description: "CoordinatorInvalidProof(12)" }
 */
export function decodeRevertData(data: Hex): RevertReason | undefined {
  if (data.length < 10) return undefined;
  for (const abi of ABIS) {
    try {
      const { errorName, args } = decodeErrorResult({ abi, data });
      return { name: errorName, description: `${errorName}(${(args ?? []).map(show).join(", ")})` };
    } catch {
      // not one of this contract's errors
    }
  }
  return undefined;
}

/** The reason of revert data for a note: decoded if possible, else the raw selector. */
export function describeRevertData(data: Hex): string {
  return (
    decodeRevertData(data)?.description ?? (data === "0x" ? "no revert data" : `unknown error ${data.slice(0, 10)}`)
  );
}
