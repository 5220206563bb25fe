/**
 * How the explorer writes numbers, amounts, addresses and times. Pure functions: the component tests pin them down.
 */

const MINUS = "\u2212";

/** Thousands separators for a non-negative integer written in decimal. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A token amount in base units as a decimal with at most `maxFraction` digits (rounded down, trailing zeros dropped).
 *
 * @example formatToken(1_234_500_000_000_000_000_000n) // "1,234.5 SYM"
 */
export function formatToken(
  amount: bigint,
  options: { decimals?: number; symbol?: string; maxFraction?: number } = {},
) {
  const { decimals = 18, symbol = "SYM", maxFraction = 4 } = options;
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const unit = 10n ** BigInt(decimals);
  const whole = abs / unit;
  const fraction = (abs % unit).toString().padStart(decimals, "0").slice(0, maxFraction).replace(/0+$/, "");
  const body = `${groupThousands(whole.toString())}${fraction ? `.${fraction}` : ""}`;
  const shown = negative && body !== "0" ? `${MINUS}${body}` : body;
  return symbol ? `${shown} ${symbol}` : shown;
}

/** `0x1234…abcd`: enough of an address to tell it apart on a page that links to the full one. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** A long hex string (hash, commitment) cut in the middle: `0xabcdef12…3456`. */
export function shortHex(hex: string, keep = 8): string {
  return hex.length > 2 + 2 * keep ? `${hex.slice(0, 2 + keep)}…${hex.slice(-keep / 2)}` : hex;
}

/** A field element (commitment, binding) as 0x-prefixed 64-digit hex. */
export function fieldHex(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}

/** A signed number with an explicit sign (+ or a true minus) and `digits` decimals: `+0.1250`, `−1.5000`. */
export function formatSigned(value: number, digits = 4): string {
  const rounded = value.toFixed(digits);
  if (Number(rounded) === 0) return (0).toFixed(digits);
  return value < 0 ? `${MINUS}${rounded.slice(1)}` : `+${rounded}`;
}

/** Basis points as a percentage: 4000 → "40%", 125 → "1.25%". */
export function formatBps(bps: number | bigint): string {
  const value = Number(bps) / 100;
  return `${Number.isInteger(value) ? value : value.toFixed(2).replace(/0+$/, "")}%`;
}

/** A duration in seconds, in its two largest units: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number | bigint): string {
  let s = Math.max(0, Math.round(Number(seconds)));
  const units: [string, number][] = [
    ["d", 86_400],
    ["h", 3_600],
    ["min", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (s >= size || (name === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(s / size)} ${name}`);
      s %= size;
    }
    if (parts.length === 2) break;
  }
  // "2 h 0 min" reads worse than "2 h"
  return parts.filter((part, i) => i === 0 || !part.startsWith("0 ")).join(" ");
}

/** A block timestamp (seconds) as UTC: "2026-11-24 08:04:10 UTC". */
export function formatTimestamp(seconds: number | bigint): string {
  const date = new Date(Number(seconds) * 1000);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** How far `seconds` is from `now` (both chain time): "5 min ago", "in 3 min", "now". */
export function formatRelative(seconds: number | bigint, now: number | bigint): string {
  const delta = Number(seconds) - Number(now);
  if (Math.abs(delta) < 1) return "now";
  return delta < 0 ? `${formatDuration(-delta)} ago` : `in ${formatDuration(delta)}`;
}

/** An integer count with thousands separators. */
export function formatCount(value: number | bigint): string {
  return groupThousands(value.toString());
}
