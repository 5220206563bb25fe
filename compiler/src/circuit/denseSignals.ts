import { type DenseWidths, denseLogitPacking } from "@symbiote/circuits";
import { FRAC_BITS, type InputMode, type PublicSignal, publicSignalLayout } from "@symbiote/sdk";

/**
 * The public signals of a generated dense circuit in snarkjs order, as circuits/manifest.json lists them: the logit
 * words (offset-binary lanes of the output layer's bits, 16 fractional bits), the arg-max, then the inputs, the
 * weights commitment and the binding exactly as every model circuit takes them. For [n, h, k] this is the MLP
 * family's layout (circuits/src/layout.ts), which today's decoders read.
 */
export function denseSignalLayout(widths: DenseWidths, mode: InputMode): PublicSignal[] {
  const { bits, lanes, words } = denseLogitPacking(widths);
  const k = widths.at(-1) as number;
  const offset = (1n << BigInt(bits - 1)).toString();
  const outputs: Omit<PublicSignal, "index">[] = [
    ...Array.from({ length: words }, (_, w) => ({
      signal: `logits[${w}]`,
      kind: "output" as const,
      encoding: "packed" as const,
      lanes: Array.from({ length: Math.min(lanes, k - w * lanes) }, (_, j) => ({
        name: `logit[${w * lanes + j}]`,
        shift: j * bits,
        bits,
        offset,
        fracBits: FRAC_BITS,
      })),
      description: "output-layer logits",
    })),
    { signal: "argmax", kind: "output", encoding: "uint", description: "index of the largest logit (lowest on a tie)" },
  ];
  // the inputs are those of any model circuit over n features: take them from the shared layout
  const inputs = publicSignalLayout({ family: "mlp", n: widths[0] as number, h: 1, k: 1 }, mode)
    .filter((s) => s.kind === "input")
    .map(({ index: _, ...signal }) => signal);
  return [...outputs, ...inputs].map((signal, index) => ({ index, ...signal }));
}
