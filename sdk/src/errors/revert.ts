import { type Abi, ContractFunctionRevertedError, decodeErrorResult, type Hex, BaseError as ViemBaseError } from "viem";
import {
  coordinatorAbi,
  dataRegistryAbi,
  dataRewardsAbi,
  modelRegistryAbi,
  randomnessAbi,
  stakingVaultAbi,
  tokenAbi,
} from "../abis.ts";
import { SymbioteError, type SymbioteErrorOptions } from "./base.ts";

type AbiError = Extract<Abi[number], { type: "error" }>;

/**
 * Every custom error a protocol call may revert with: a call reaches the coordinator, the registries, the vault and,
 * through them, the token (an `ERC20InsufficientBalance` from `transferFrom` inside `stake` or `deposit`). Decoding
 * against all of them names the error whichever contract raised it.
 */
export const protocolErrorsAbi: Abi = (() => {
  const seen = new Map<string, AbiError>();
  const abis = [
    coordinatorAbi,
    modelRegistryAbi,
    stakingVaultAbi,
    tokenAbi,
    dataRegistryAbi,
    dataRewardsAbi,
    randomnessAbi,
  ];
  for (const abi of abis) {
    for (const item of abi as Abi) {
      if (item.type !== "error") continue;
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (!seen.has(key)) seen.set(key, item);
    }
  }
  return [...seen.values()];
})();

/** A revert by name and arguments: `errorName` is "" when no protocol contract declares the error. */
export type DecodedRevert = { errorName: string; args: readonly unknown[] };

/** An argument as a message shows it: numbers, addresses and hashes bare, other strings quoted (a URI, a reason). */
const show = (value: unknown): string => {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]*$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
};

/** `Name(arg, …)` for a message. */
export function formatRevert(revert: DecodedRevert): string {
  return `${revert.errorName}(${revert.args.map(show).join(", ")})`;
}

/**
 * Decodes raw revert data against every protocol error (and `Error(string)` / `Panic`); undefined for data none of
 * them knows.
 *
 * @example decodeRevertData("0x…") // { errorName: "CoordinatorInvalidProof", args: [12n] }
 */
export function decodeRevertData(data: Hex): DecodedRevert | undefined {
  if (data.length < 10) return undefined;
  try {
    const { errorName, args } = decodeErrorResult({ abi: protocolErrorsAbi, data });
    return { errorName, args: args ?? [] };
  } catch {
    return undefined;
  }
}

/** The reason of revert data for a note: decoded if possible, else the raw selector. */
export function describeRevertData(data: Hex): string {
  const decoded = decodeRevertData(data);
  if (decoded) return formatRevert(decoded);
  return data === "0x" ? "no revert data" : `unknown error ${data.slice(0, 10)}`;
}

/**
 * The revert inside a failed viem call, decoded against every protocol ABI (viem decodes only against the ABI of the
 * contract called, so an error raised by a contract it calls comes back as raw data). Undefined if it is not a revert.
 */
export function decodeProtocolRevert(error: unknown): DecodedRevert | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(revert instanceof ContractFunctionRevertedError)) return undefined;
  if (revert.data?.errorName) return { errorName: revert.data.errorName, args: revert.data.args ?? [] };
  const raw = revert.raw as Hex | undefined;
  const decoded = raw ? decodeRevertData(raw) : undefined;
  return decoded ?? { errorName: revert.reason ?? "", args: [] };
}

/** A protocol contract refused a call; the error's name and arguments come from the ABI, never a raw selector. */
export class ProtocolRevertError extends SymbioteError {
  override name = "ProtocolRevertError";
  /** The custom error's name ("" when no protocol contract declares it). */
  readonly errorName: string;
  /** Its decoded arguments. */
  readonly args: readonly unknown[];

  constructor(revert: DecodedRevert, shortMessage: string, options: SymbioteErrorOptions = {}) {
    super(shortMessage, options);
    this.errorName = revert.errorName;
    this.args = revert.args;
  }
}
