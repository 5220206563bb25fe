import type { Address, Chain, PublicClient, Transport } from "viem";

/**
 * The node's one source of nonces. Starts from the account's pending count (or past the highest nonce the job store
 * still holds a signed transaction for) and hands out consecutive numbers; resynchronises when the chain says a nonce
 * was used elsewhere.
 */
export class NonceManager {
  private next: number | undefined;

  constructor(
    private readonly client: PublicClient<Transport, Chain>,
    private readonly address: Address,
  ) {}

  async sync(atLeast = 0): Promise<number> {
    const pending = await this.client.getTransactionCount({ address: this.address, blockTag: "pending" });
    this.next = Math.max(pending, atLeast);
    return this.next;
  }

  async take(): Promise<number> {
    if (this.next === undefined) await this.sync();
    const nonce = this.next as number;
    this.next = nonce + 1;
    return nonce;
  }

  /** The count of transactions the chain has mined for the account (at `blockNumber`, or the latest block). */
  mined(blockNumber?: bigint): Promise<number> {
    return blockNumber === undefined
      ? this.client.getTransactionCount({ address: this.address, blockTag: "latest" })
      : this.client.getTransactionCount({ address: this.address, blockNumber });
  }
}
