import { RetryableError } from "@symbiote/sdk";
import { parseGwei } from "viem";

export type FeePolicy = { maxFeeGwei: number; priorityFeeGwei: number; bumpPercent: number };
export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };

/** The node's fee ceiling is below the chain's base fee: nothing it may bid would be mined. */
export class FeeCeilingError extends RetryableError {
  override name = "FeeCeilingError";
}

/**
 * EIP-1559 fees for a first attempt: the configured tip, and a max fee of twice the base fee plus the tip (room for
 * six full blocks of base-fee rises), never above the configured ceiling.
 */
export function initialFees(baseFee: bigint, policy: FeePolicy): Fees {
  const cap = parseGwei(String(policy.maxFeeGwei));
  const tip = parseGwei(String(policy.priorityFeeGwei));
  if (baseFee + tip > cap) {
    throw new FeeCeilingError(
      `the base fee (${baseFee} wei) plus the tip is above gas.maxFeeGwei (${policy.maxFeeGwei} gwei); waiting for fees to fall. Raise gas.maxFeeGwei to pay more.`,
    );
  }
  const max = 2n * baseFee + tip;
  return { maxFeePerGas: max < cap ? max : cap, maxPriorityFeePerGas: tip };
}

/**
 * Fees of a replacement: both raised by at least `bumpPercent` (nodes refuse a replacement below +10%), and at least
 * what a first attempt would pay now. Returns undefined when the ceiling leaves no room for a valid replacement.
 */
export function bumpedFees(previous: Fees, baseFee: bigint, policy: FeePolicy): Fees | undefined {
  const cap = parseGwei(String(policy.maxFeeGwei));
  const bump = (value: bigint) => (value * BigInt(100 + policy.bumpPercent) + 99n) / 100n;
  let tip = bump(previous.maxPriorityFeePerGas);
  if (tip === 0n) tip = 1n;
  let max = bump(previous.maxFeePerGas);
  const fresh = 2n * baseFee + tip;
  if (fresh > max) max = fresh;
  if (max > cap) max = cap;
  if (max < bump(previous.maxFeePerGas) || tip > max) return undefined;
  return { maxFeePerGas: max, maxPriorityFeePerGas: tip };
}
