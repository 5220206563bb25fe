import { SymbioteError } from "./base.ts";

/** No RPC endpoint answered; the same call may work once the endpoint is back. */
export class RpcUnreachableError extends SymbioteError {
  override name = "RpcUnreachableError";
}

export type WrongChainErrorParameters = {
  /** The chain the deployment is on (unknown when viem only reports a mismatch). */
  expected?: number | undefined;
  /** The chain the endpoint serves (unknown when viem only reports a mismatch). */
  actual?: number | undefined;
  /** Who serves `actual`: "the RPC endpoint http://…", "the explorer's RPC node". */
  endpoint: string;
  /** What is on `expected`: "the deployment deployments/31337.json", "the config ./oracle.json". */
  source: string;
  /** What to do next, in the caller's terms (a flag, a config key). */
  fix: string;
  cause?: unknown;
};

/**
 * The RPC endpoint serves another chain than the deployment's. One message for the SDK, the node, the trainer and
 * the explorer, built from the chain ids; the caller only says who serves what and how to fix it.
 *
 * @example
 * new WrongChainError({ expected: 31337, actual: 1, endpoint: "the RPC endpoint http://x",
 *   source: "the deployment deployments/31337.json", fix: "pass --rpc for chain 31337" });
 * // the RPC endpoint http://x serves chain 1, but the deployment deployments/31337.json is on chain 31337; pass --rpc
 * // for chain 31337.
 */
export class WrongChainError extends SymbioteError {
  override name = "WrongChainError";
  readonly expected: number | undefined;
  readonly actual: number | undefined;

  constructor({ expected, actual, endpoint, source, fix, cause }: WrongChainErrorParameters) {
    const serves = actual === undefined ? "another chain" : `chain ${actual}`;
    const on = expected === undefined ? "another chain" : `chain ${expected}`;
    super(`${endpoint} serves ${serves}, but ${source} is on ${on}; ${fix}.`, { cause });
    this.expected = expected;
    this.actual = actual;
  }
}

/** The account cannot pay for a transaction's gas. */
export class InsufficientGasFundsError extends SymbioteError {
  override name = "InsufficientGasFundsError";
}

/** The account holds fewer tokens than the call moves (the token's `ERC20InsufficientBalance`). */
export class InsufficientTokenBalanceError extends SymbioteError {
  override name = "InsufficientTokenBalanceError";
}

/** The registry has no model with this id. */
export class UnknownModelError extends SymbioteError {
  override name = "UnknownModelError";
}

/** A request's feature list does not have the length the model's circuit takes. */
export class FeatureCountError extends SymbioteError {
  override name = "FeatureCountError";
}

/** A failure nobody anticipated (a bug): its message is the original one. */
export class UnexpectedError extends SymbioteError {
  override name = "UnexpectedError";
}
