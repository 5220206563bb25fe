/**
 * ETH/USD history on the local price-feed mock (Chainlink's MockV3Aggregator): MarketSignalVault reads the last 33
 * rounds, so the demo plays the feed's reporters for 40 rounds of a seeded random walk with an upward drift.
 */

import { createPrng } from "@symbiote/trainer";
import { type Address, parseAbi } from "viem";
import { actors } from "./actors.ts";
import type { DemoChain } from "./chain.ts";

const aggregatorAbi = parseAbi(["function updateAnswer(int256 answer)", "function decimals() view returns (uint8)"]);

/** Rounds pushed: the vault needs 33. */
export const PRICE_ROUNDS = 40;

/** The walk: start at 3,000 USD, +0.25% drift per round, 0.5% noise (8 decimals, as the mock reports). */
export function priceHistory(seed = 7): bigint[] {
  const rng = createPrng(seed);
  const prices: bigint[] = [];
  let logPrice = Math.log(3000);
  for (let round = 0; round < PRICE_ROUNDS; round++) {
    logPrice += 0.0025 + 0.005 * rng.normal();
    prices.push(BigInt(Math.round(Math.exp(logPrice) * 1e8)));
  }
  return prices;
}

/** Pushes {@link priceHistory} to the feed, one round per price; returns the prices pushed. */
export async function pushPriceHistory(chain: DemoChain, feed: Address): Promise<bigint[]> {
  const prices = priceHistory();
  for (const price of prices) {
    await chain.send(
      actors.priceReporter,
      { address: feed, abi: aggregatorAbi, functionName: "updateAnswer", args: [price] },
      "updating the ETH/USD mock",
    );
  }
  return prices;
}
