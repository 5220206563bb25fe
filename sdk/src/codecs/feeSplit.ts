/**
 * FeeSplitMath (contracts/libraries/FeeSplitMath.sol) in TypeScript, to derive fee parts from the chain's events: the
 * coordinator sums the fees of the requests a transaction settles per (model, version) group, splits each group's sum
 * once and emits only the group's parts (`FeesCredited`), so a group's parts are recomputed from its requests' fees,
 * callback fees and the shares in force, and a request's own parts are the split of its fee (equal to its share of
 * the group's parts up to the group's rounding dust). Browser-safe: the decision trail, the explorer and integrators derive fee parts with it.
 */

/** IInferenceCoordinator.FeeShares, in basis points (sum 10,000). */
export type FeeShares = {
  operatorBps: number;
  modelOwnerBps: number;
  dataBps: number;
  stakersBps: number;
  treasuryBps: number;
};

/** Where a fee went, in token wei. */
export type FeeParts = { operator: bigint; modelOwner: bigint; data: bigint; stakers: bigint; treasury: bigint };

const BPS = 10_000n;

/** FeeSplitMath.split: each share rounded down, the treasury takes the remainder (so the parts sum to `fee`). */
export function splitFee(fee: bigint, shares: FeeShares): FeeParts {
  const operator = (fee * BigInt(shares.operatorBps)) / BPS;
  const modelOwner = (fee * BigInt(shares.modelOwnerBps)) / BPS;
  const data = (fee * BigInt(shares.dataBps)) / BPS;
  const stakers = (fee * BigInt(shares.stakersBps)) / BPS;
  return { operator, modelOwner, data, stakers, treasury: fee - operator - modelOwner - data - stakers };
}

/** A settled request's parts as the coordinator credits them: the split of its fee, plus its callback fee to the operator. */
export function requestFeeParts(request: { fee: bigint; callbackFee: bigint }, shares: FeeShares): FeeParts {
  const parts = splitFee(request.fee, shares);
  return { ...parts, operator: parts.operator + request.callbackFee };
}

/**
 * A group's parts as the coordinator credits them (CoordinatorCredits.credit): the split of the group's summed fees,
 * plus every callback fee to the operator.
 */
export function groupFeeParts(requests: readonly { fee: bigint; callbackFee: bigint }[], shares: FeeShares): FeeParts {
  let fees = 0n;
  let callbackFees = 0n;
  for (const request of requests) {
    fees += request.fee;
    callbackFees += request.callbackFee;
  }
  const parts = splitFee(fees, shares);
  return { ...parts, operator: parts.operator + callbackFees };
}

/** The sum of several requests' parts. */
export function sumParts(parts: readonly FeeParts[]): FeeParts {
  const total: FeeParts = { operator: 0n, modelOwner: 0n, data: 0n, stakers: 0n, treasury: 0n };
  for (const p of parts) {
    total.operator += p.operator;
    total.modelOwner += p.modelOwner;
    total.data += p.data;
    total.stakers += p.stakers;
    total.treasury += p.treasury;
  }
  return total;
}

/** Whether two part sets are equal, field by field. */
export function sameParts(a: FeeParts, b: FeeParts): boolean {
  return (
    a.operator === b.operator &&
    a.modelOwner === b.modelOwner &&
    a.data === b.data &&
    a.stakers === b.stakers &&
    a.treasury === b.treasury
  );
}
