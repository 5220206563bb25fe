import {
  ContractFunctionRevertedError,
  HttpRequestError,
  RpcRequestError,
  TimeoutError,
  BaseError as ViemBaseError,
  WebSocketRequestError,
} from "viem";
import { BaseError, FatalError, RetryableError } from "./kinds.ts";

/** The revert's custom error name, if the failure was a contract revert that viem could decode. */
export function revertName(error: unknown): string | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
  return revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined;
}

/**
 * Sorts an RPC failure into the oracle's two kinds: transport trouble (connection refused, timeouts, 429 and 5xx
 * answers) is retryable; a revert or a refused transaction is not, until something changes.
 */
export function classifyRpcError(error: unknown, what: string): BaseError {
  if (error instanceof BaseError) return error;
  if (error instanceof ViemBaseError) {
    const transport = error.walk(
      (e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError,
    );
    if (transport) {
      const status = transport instanceof HttpRequestError ? transport.status : undefined;
      return new RetryableError(
        `${what}: the RPC endpoint is unreachable or overloaded${status ? ` (HTTP ${status})` : ""}; retrying with back-off. Add a fallback to rpc.http if this persists.`,
        { cause: error },
      );
    }
    const rpc = error.walk((e) => e instanceof RpcRequestError);
    if (rpc instanceof RpcRequestError && (rpc.code === -32005 || rpc.code === 429)) {
      return new RetryableError(`${what}: the RPC endpoint is rate-limiting; backing off.`, { cause: error });
    }
    const name = revertName(error);
    return new FatalError(`${what} failed${name ? ` with ${name}` : ""}: ${error.shortMessage}`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|ETIMEDOUT|EPIPE/i.test(message)) {
    return new RetryableError(`${what}: the connection to the RPC endpoint failed; retrying.`, { cause: error });
  }
  return new FatalError(`${what} failed: ${message}`, { cause: error });
}
