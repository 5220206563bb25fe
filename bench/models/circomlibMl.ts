/**
 * The same dense network built from the npm `circomlib-ml` templates (Dense, ReLU, ArgMax), for the side-by-side
 * rows of `npm run bench:models`. Their circuit takes the weights as plain private inputs (nothing binds them to a
 * registered model), keeps products at full scale instead of rescaling, and its ReLU decomposes into 254 bits
 * (which admits an aliased sign): it proves less than ours, which is the point of the comparison.
 */

import type { WitnessInput } from "@symbiote/circuits";
import { type DenseLayerSpec, quantizeInputs, toFixed } from "@symbiote/compiler";
import { toField } from "@symbiote/sdk";

/** The main component over `widths` (ReLU between layers, arg-max at the end); logits and label are public. */
export function circomlibMlSource(widths: readonly number[]): string {
  const layers = widths.length - 1;
  const lines = [
    "pragma circom 2.0.0;",
    "",
    'include "circomlib-ml/circuits/Dense.circom";',
    'include "circomlib-ml/circuits/ReLU.circom";',
    'include "circomlib-ml/circuits/ArgMax.circom";',
    "",
    "template Model() {",
    `    signal input in[${widths[0]}];`,
  ];
  for (let l = 0; l < layers; l++) {
    lines.push(`    signal input w${l}[${widths[l]}][${widths[l + 1]}];`, `    signal input b${l}[${widths[l + 1]}];`);
  }
  lines.push(`    signal output out[${widths[layers]}];`, "    signal output label;", "");
  let previous = "in";
  for (let l = 0; l < layers; l++) {
    const n = widths[l] as number;
    const m = widths[l + 1] as number;
    lines.push(
      `    component dense${l} = Dense(${n}, ${m});`,
      `    for (var i = 0; i < ${n}; i++) {`,
      `        dense${l}.in[i] <== ${previous}[i];`,
      `        for (var j = 0; j < ${m}; j++) dense${l}.weights[i][j] <== w${l}[i][j];`,
      "    }",
      `    for (var j = 0; j < ${m}; j++) dense${l}.bias[j] <== b${l}[j];`,
    );
    if (l < layers - 1) {
      lines.push(
        `    component relu${l}[${m}];`,
        `    signal act${l}[${m}];`,
        `    for (var j = 0; j < ${m}; j++) {`,
        `        relu${l}[j] = ReLU();`,
        `        relu${l}[j].in <== dense${l}.out[j];`,
        `        act${l}[j] <== relu${l}[j].out;`,
        "    }",
      );
      previous = `act${l}`;
    } else {
      lines.push(
        `    component argmax = ArgMax(${m});`,
        `    for (var j = 0; j < ${m}; j++) {`,
        `        out[j] <== dense${l}.out[j];`,
        `        argmax.in[j] <== dense${l}.out[j];`,
        "    }",
        "    label <== argmax.out;",
      );
    }
  }
  lines.push("}", "", "component main = Model();", "");
  return lines.join("\n");
}

/**
 * The witness input for one row: features at 2^16 and weights at 2^10 as our circuits take them; without a
 * rescale, layer l's bias sits at 2^(16 + 10 (l + 1)). Their ArgMax compares with GreaterThan(252), which fails on
 * a negative logit (a field element near p), so every final bias is raised by the same 2^80: the arg-max is unchanged.
 */
export function circomlibMlInput(layers: readonly DenseLayerSpec[], x: readonly number[]): WitnessInput {
  const input: Record<string, bigint[] | bigint[][]> = { in: quantizeInputs(x).map(toField) };
  layers.forEach((layer, l) => {
    const scale = 2n ** BigInt(10 * (l + 1));
    const offset = l === layers.length - 1 ? 2n ** 80n : 0n;
    const fanIn = layer.weights[0]?.length ?? 0;
    input[`w${l}`] = Array.from({ length: fanIn }, (_, i) =>
      layer.weights.map((row) => toField(toFixed(row[i] as number, "weight", `w${l}[${i}]`))),
    );
    input[`b${l}`] = layer.bias.map((b) => toField(BigInt(Math.round(b * 2 ** 16)) * scale + offset));
  });
  return input;
}
