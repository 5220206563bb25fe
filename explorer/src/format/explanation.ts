import { fixedToNumber, fracBitsByName, type PublicSignal } from "@symbiote/sdk";

/** One bar of an explanation chart: a real value and the raw fixed-point value it came from. */
export type Bar = { label: string; value: number; raw: bigint; highlight?: boolean };

/**
 * A decision's explanation, read from its proven outputs:
 * - classifier: each feature's contribution w_i·x_i (signed), the score (bias + their sum) and the decision;
 * - MLP: the output logits and the predicted class (arg-max), and where the circuit proves it (compiled with
 *   `--attribution`) each feature's gradient x input of the predicted logit;
 * - recommender: the top-k items with their scores, best first.
 */
export type Explanation =
  | { kind: "contributions"; bars: Bar[]; score: number; decision: boolean }
  | { kind: "logits"; bars: Bar[]; predictedClass: number; attribution?: Bar[] }
  | { kind: "topk"; bars: Bar[] };

/** `prefix[i]` entries of `decoded` in index order. */
function indexed(decoded: Readonly<Record<string, bigint>>, prefix: string): { index: number; raw: bigint }[] {
  const pattern = new RegExp(`^${prefix}\\[(\\d+)\\]$`);
  return Object.entries(decoded)
    .flatMap(([name, raw]) => {
      const match = pattern.exec(name);
      return match ? [{ index: Number(match[1]), raw }] : [];
    })
    .sort((a, b) => a.index - b.index);
}

/**
 * Turns decoded public signals (sdk/src/codecs/decode.ts) into chart bars, scaling each raw value by the fractional
 * bits the circuit's layout gives it. `featureNames` label the per-feature bars (default "feature i").
 * Undefined when the outputs carry no explanation the explorer knows how to draw.
 */
export function explanationOf(
  layout: readonly PublicSignal[],
  decoded: Readonly<Record<string, bigint>>,
  featureNames: readonly string[] = [],
): Explanation | undefined {
  const frac = fracBitsByName(layout);
  const real = (name: string, raw: bigint) => fixedToNumber(raw, frac.get(name) ?? 0);
  const contributions = indexed(decoded, "contribution");
  if (contributions.length > 0 && decoded.score !== undefined) {
    return {
      kind: "contributions",
      bars: contributions.map(({ index, raw }) => ({
        label: featureNames[index] ?? `feature ${index}`,
        value: real(`contribution[${index}]`, raw),
        raw,
      })),
      score: real("score", decoded.score),
      decision: decoded.decision === 1n,
    };
  }
  const logits = indexed(decoded, "logit");
  if (logits.length > 0) {
    const predictedClass = Number(decoded.argmax ?? -1n);
    const attribution = indexed(decoded, "attribution").map(({ index, raw }) => ({
      label: featureNames[index] ?? `feature ${index}`,
      value: real(`attribution[${index}]`, raw),
      raw,
    }));
    return {
      ...(attribution.length > 0 ? { attribution } : {}),
      kind: "logits",
      bars: logits.map(({ index, raw }) => ({
        label: `class ${index}`,
        value: real(`logit[${index}]`, raw),
        raw,
        highlight: index === predictedClass,
      })),
      predictedClass,
    };
  }
  const items = indexed(decoded, "index");
  if (items.length > 0) {
    return {
      kind: "topk",
      bars: items.map(({ index: rank, raw: item }) => {
        const raw = decoded[`score[${rank}]`] ?? 0n;
        return { label: `#${rank + 1} item ${item}`, value: real(`score[${rank}]`, raw), raw, highlight: rank === 0 };
      }),
    };
  }
  return undefined;
}
