/**
 * Gas limits for protocol calls whose cost depends on the second their block lands in.
 *
 * The staking vault keeps histories: each operator's selection weight in a checkpointed Fenwick tree (a weight change
 * writes the slot's path, at most 9 nodes of the 256-slot tree, and the total), every account's votes and the total
 * supply of votes, each operator slot's owners, and each operator's declared versions. A history's latest entry is
 * rewritten in place when it was written earlier in the same second, and a new entry is pushed in a later one: a new
 * storage slot instead of a rewritten one. An estimate is made against one block and the transaction lands in another,
 * so an estimate made in the second of an earlier write (another operator's registration, one's own stake) can fall
 * far short: registering a second operator costs 301,147 gas (every slot cold) in the second of the first one's
 * registration and 501,520 one second later (test/contracts/unit/staking/StakingVaultHistoryGas.t.sol): two thirds
 * above the estimate, beyond any fixed margin of a fifth or a third.
 */

/**
 * Gas a history entry can cost beyond its estimate: a new slot (22,100 cold) instead of rewriting the latest entry
 * (2,900 warm, its slot already read), about 19,200, and a new array length word, rounded up. The registration above
 * pushed 9 more entries for 200,373 more gas: 22,264 each.
 */
export const HISTORY_ENTRY_GAS = 25_000n;

/** A selection weight's history entries: its path through the weight tree (at most 9 nodes) and the total. */
const WEIGHT_ENTRIES = 10;
/** A move of votes: the delegate's votes and the total (or the two delegates'). */
const VOTE_ENTRIES = 2;
/** An operator slot's owner history. */
const SLOT_OWNER_ENTRIES = 1;

/** Every protocol function that can push history entries, and how many it can push at most for its arguments. */
const HISTORY_ENTRIES: Readonly<Record<string, (args: readonly unknown[]) => number>> = {
  // the staker's votes and, for a registered operator, its selection weight
  stake: () => VOTE_ENTRIES + WEIGHT_ENTRIES,
  stakeFor: () => VOTE_ENTRIES + WEIGHT_ENTRIES,
  stakeWithPermit: () => VOTE_ENTRIES + WEIGHT_ENTRIES,
  requestUnstake: () => VOTE_ENTRIES + WEIGHT_ENTRIES,
  delegate: () => VOTE_ENTRIES,
  delegateBySig: () => VOTE_ENTRIES,
  // a slot's owner and its weight; replacing writes the same slot twice in one second, the second time in place
  registerOperator: () => SLOT_OWNER_ENTRIES + WEIGHT_ENTRIES,
  registerOperatorReplacing: () => SLOT_OWNER_ENTRIES + WEIGHT_ENTRIES,
  deregisterOperator: () => SLOT_OWNER_ENTRIES + WEIGHT_ENTRIES,
  evictOperator: () => SLOT_OWNER_ENTRIES + WEIGHT_ENTRIES,
  syncOperator: () => WEIGHT_ENTRIES,
  // one entry per declared (model, version)
  declareServedVersions: (args) => lengthOf(args[0]),
  // each cancelled request may slash its operator: votes and weight (the slash runs on the coordinator's fixed
  // budget, but the gas it uses comes out of the transaction's, before the next request's slash is checked)
  cancelExpired: (args) => lengthOf(args[0]) * (VOTE_ENTRIES + WEIGHT_ENTRIES),
};

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** A call as viem's contract actions take it: the function's name and its arguments. */
export type ProtocolCallShape = { functionName: string; args?: readonly unknown[] };

/**
 * The gas `call` can need beyond an estimate made in the second of an earlier write to the same histories: the
 * entries it can push times {@link HISTORY_ENTRY_GAS}; 0 for a call that pushes none.
 */
export function historyGasAllowance(call: ProtocolCallShape): bigint {
  const entries = HISTORY_ENTRIES[call.functionName]?.(call.args ?? []) ?? 0;
  return BigInt(entries) * HISTORY_ENTRY_GAS;
}

/**
 * The gas limit to send for `call` given its estimate: a fifth more, plus {@link historyGasAllowance}. Unused gas is
 * not paid for; the account must only hold enough to cover the limit at the fee it offers.
 */
export function protocolGasLimit(estimate: bigint, call: ProtocolCallShape): bigint {
  return estimate + estimate / 5n + historyGasAllowance(call);
}
