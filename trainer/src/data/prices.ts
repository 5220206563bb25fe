import type { Table } from "./canonical.ts";
import type { Prng } from "./prng.ts";

/**
 * The 16 features derived from a window of the last {@link PRICE_WINDOW} prices, in percent so they sit within a
 * few units of zero (well inside the circuits' fixed point): eight one-step log returns, four momenta, two
 * volatilities and two gaps to moving averages.
 */
export const PRICE_FEATURES = [
  "ret_1",
  "ret_2",
  "ret_3",
  "ret_4",
  "ret_5",
  "ret_6",
  "ret_7",
  "ret_8",
  "mom_4",
  "mom_8",
  "mom_16",
  "mom_32",
  "vol_8",
  "vol_32",
  "ma_gap_8",
  "ma_gap_32",
] as const;

/** Label column: 0 strong-sell, 1 sell, 2 buy, 3 strong-buy (the forward return over {@link PRICE_HORIZON} steps). */
export const PRICE_LABEL = "label";
export const PRICE_CLASSES = ["strong-sell", "sell", "buy", "strong-buy"] as const;

export const PRICE_WINDOW = 32;
export const PRICE_HORIZON = 4;
/** Forward return (percent) beyond which a move is "strong". */
export const PRICE_STRONG_MOVE = 1.2;
/** Windows start every STRIDE steps: adjacent rows overlap less, so a held-out row is not a near-copy of a training row. */
const PRICE_STRIDE = 2;

export type PriceOptions = {
  /** Rows (windows) to produce for this feed. */
  rows: number;
  /** Per-step volatility of the feed, as a fraction (0.008 = 0.8%). */
  volatility: number;
};

/**
 * Simulates one price feed and turns it into labelled feature windows. The drift follows a hidden, persistent
 * regime (strong down, down, up, strong up) that switches rarely, so recent momentum genuinely predicts the next
 * moves: the kind of signal the MLP can learn, with enough noise that it cannot be perfect.
 */
export function generatePrices(rng: Prng, options: PriceOptions): Table {
  const drifts = [-0.006, -0.002, 0.002, 0.006];
  const steps = PRICE_WINDOW + PRICE_HORIZON + options.rows * PRICE_STRIDE + 1;
  const logPrices: number[] = [Math.log(100)];
  let regime = rng.int(drifts.length);
  for (let t = 1; t < steps; t++) {
    if (rng.bernoulli(0.03)) regime = rng.int(drifts.length);
    const step = (drifts[regime] as number) + options.volatility * rng.normal();
    logPrices.push((logPrices[t - 1] as number) + step);
  }

  const lp = (t: number) => logPrices[t] as number;
  const rows: number[][] = [];
  for (let r = 0; r < options.rows; r++) {
    // `now` is the last observed price of the window; the label looks PRICE_HORIZON steps past it.
    const now = PRICE_WINDOW + r * PRICE_STRIDE;
    const returns: number[] = [];
    for (let k = 0; k < PRICE_WINDOW; k++) returns.push(100 * (lp(now - k) - lp(now - k - 1)));
    const momentum = (n: number) => 100 * (lp(now) - lp(now - n));
    const volatility = (n: number) => {
      const slice = returns.slice(0, n);
      const mean = slice.reduce((a, b) => a + b, 0) / n;
      return Math.sqrt(slice.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    };
    const maGap = (n: number) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.exp(lp(now - k));
      return 100 * (Math.exp(lp(now)) / (sum / n) - 1);
    };
    const forward = 100 * (lp(now + PRICE_HORIZON) - lp(now));
    const signal = forward < -PRICE_STRONG_MOVE ? 0 : forward < 0 ? 1 : forward < PRICE_STRONG_MOVE ? 2 : 3;
    rows.push([
      ...returns.slice(0, 8),
      momentum(4),
      momentum(8),
      momentum(16),
      momentum(32),
      volatility(8),
      volatility(32),
      maGap(8),
      maGap(32),
      signal,
    ]);
  }
  return { columns: [...PRICE_FEATURES, PRICE_LABEL], rows };
}
