import { FatalError } from "@symbiote/sdk";

/**
 * Why the explorer cannot show a page. Each class is one empty or error state on screen; the message says what to
 * do next (start the chain, deploy, fix the id).
 */
export class ExplorerError extends FatalError {
  override name = "ExplorerError";
  /** The heading the page shows. */
  readonly title: string = "Something went wrong";
}

/** The page has no runtime configuration: it was opened from disk or from a server that does not serve it. */
export class ExplorerConfigError extends ExplorerError {
  override name = "ExplorerConfigError";
  override readonly title = "Explorer not configured";
}

/** The RPC endpoint did not answer. */
export class ChainUnreachableError extends ExplorerError {
  override name = "ChainUnreachableError";
  override readonly title = "Chain unreachable";
}

/** The RPC endpoint serves another chain than the deployment file's. */
export class WrongChainError extends ExplorerError {
  override name = "WrongChainError";
  override readonly title = "Wrong chain";
  /** `where` names the endpoint: the explorer's own RPC node, or the one a link set with `?rpc=`. */
  constructor(
    readonly expected: number,
    readonly actual: number,
    source: string,
    where = "the explorer's RPC node",
  ) {
    super(
      `${where} serves chain ${actual}, but ${source} is a deployment on chain ${expected}; point the explorer at an RPC node of chain ${expected} (--rpc) or at deployments/${actual}.json (--deployment).`,
    );
  }
}

/** The chain answers but holds no code at the deployment's addresses (e.g. anvil restarted without a redeploy). */
export class ContractsMissingError extends ExplorerError {
  override name = "ContractsMissingError";
  override readonly title = "Contracts not deployed";
}

/** An address, id or other input typed into the page is malformed. */
export class BadInputError extends ExplorerError {
  override name = "BadInputError";
  override readonly title = "Not a valid input";
}
