import { EncodingError } from "../errors/base.ts";
import { fromFieldSigned } from "./field.ts";
import type { PublicSignal } from "./layout.ts";

/** A decoded public value: signed integers stay raw fixed point (divide by 2^fracBits for the real number). */
export type DecodedSignals = Record<string, bigint>;

/**
 * Reads public signals through a circuit's manifest layout: every packed lane, signed value and flag by name
 * (e.g. "score", "contribution[3]", "index[0]"); commitments and the binding come back as field elements.
 */
export function decodePublicSignals(layout: readonly PublicSignal[], signals: readonly bigint[]): DecodedSignals {
  if (signals.length !== layout.length) {
    throw new EncodingError(
      `got ${signals.length} public signals for a layout of ${layout.length}; use the layout of the proof's circuit.`,
    );
  }
  const out: DecodedSignals = {};
  layout.forEach((entry, i) => {
    const value = signals[i] as bigint;
    switch (entry.encoding) {
      case "signed":
        out[entry.signal] = fromFieldSigned(value);
        break;
      case "packed":
        for (const lane of entry.lanes ?? []) {
          out[lane.name] = ((value >> BigInt(lane.shift)) & ((1n << BigInt(lane.bits)) - 1n)) - BigInt(lane.offset);
        }
        break;
      default:
        out[entry.signal] = value;
    }
  });
  return out;
}
