import { SymbioteError } from "./base.ts";

/** No RPC endpoint answered; the same call may work once the endpoint is back. */
export class RpcUnreachableError extends SymbioteError {
  override name = "RpcUnreachableError";
}

/** The RPC endpoint serves another chain than the deployment's. */
export class WrongChainError extends SymbioteError {
  override name = "WrongChainError";
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
