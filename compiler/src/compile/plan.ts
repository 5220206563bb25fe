import type { CircuitCall, ProofContext } from "@symbiote/circuits";
import {
  classifierBakedCircuitCall,
  classifierCircuitCall,
  classifierWeightVector,
  computeWeightsCommitment,
  denseAttributionIndex,
  denseAttributionPacking,
  denseBakedCircuitCall,
  denseCircuitCall,
  denseWeightsCommitment,
  denseWidths,
} from "@symbiote/circuits";
import {
  type CircuitShape,
  FRAC_BITS,
  type InputMode,
  type PublicSignal,
  publicSignalLayout,
  WEIGHT_FRAC_BITS,
} from "@symbiote/sdk";
import { bakedCircuitIdOf } from "../circuit/bakedEntry.ts";
import { denseCircuitId, denseCircuitSource } from "../circuit/denseCircuit.ts";
import { denseSignalLayout } from "../circuit/denseSignals.ts";
import { linearBakedCircuitId, linearBakedCircuitSource } from "../circuit/linearBakedCircuit.ts";
import { linearCircuitId, linearCircuitSource } from "../circuit/linearCircuit.ts";
import type { QuantizedModel } from "../quantize/quantizeModel.ts";

/**
 * The shape a generated circuit records in its manifest entry: today's families where the shape is one of theirs
 * (a linear model is a classifier of n features, a one-hidden-layer network an MLP n-h-k), and `dense` with every
 * width for the other depths; `trees` for a tree ensemble (compiler/src/circuit/treeManifest.ts's shape).
 */
export type GeneratedShape =
  | CircuitShape
  | { family: "dense"; widths: number[] }
  | { family: "trees"; trees: number; depth: number; features: number; columns: number };

/** Everything the compile step needs to know about a quantised model's circuit. */
export interface CircuitPlan {
  id: string;
  shape: GeneratedShape;
  inputMode: InputMode;
  /** The main component, including circuits/lib relative to `entryDir`. */
  source(entryDir: string): string;
  publicSignals: PublicSignal[];
  weightsCommitment(salt: bigint): bigint;
  /** The witness input and public signals for raw features. */
  call(features: readonly bigint[], context: ProofContext): CircuitCall;
  /** The quantised parameters as the witness takes them (for the owner's model file). */
  parameters: Record<string, unknown>;
}

const str = (v: bigint) => v.toString();

/** The circuit of a quantised linear or dense model, in one input mode. */
export function planCircuit(q: QuantizedModel, inputMode: InputMode): CircuitPlan {
  if (q.kind === "linear") {
    const n = q.model.weights.length;
    const shape: CircuitShape = { family: "classifier", n };
    return {
      id: linearCircuitId(n, inputMode),
      shape,
      inputMode,
      source: (dir) => linearCircuitSource(n, inputMode, dir),
      publicSignals: publicSignalLayout(shape, inputMode),
      weightsCommitment: (salt) => computeWeightsCommitment("classifier", classifierWeightVector(q.model), salt),
      call: (x, context) => classifierCircuitCall(inputMode, q.model, x, context),
      parameters: {
        format: "value (scale 2^16)",
        layout: q.layout,
        weights: q.model.weights.map(str),
        bias: str(q.model.bias),
        threshold: str(q.model.threshold),
      },
    };
  }
  const widths = denseWidths(q.model);
  const relu = q.model.layers.slice(0, -1).map((layer) => layer.relu);
  const shape: GeneratedShape =
    widths.length === 3
      ? { family: "mlp", n: widths[0] as number, h: widths[1] as number, k: widths[2] as number }
      : { family: "dense", widths };
  return {
    id: denseCircuitId(widths, inputMode),
    shape,
    inputMode,
    source: (dir) => denseCircuitSource(widths, relu, inputMode, dir),
    publicSignals: denseSignalLayout(widths, inputMode),
    weightsCommitment: (salt) => denseWeightsCommitment(q.model, salt),
    call: (x, context) => denseCircuitCall(inputMode, q.model, x, context),
    parameters: {
      format: "compact weights (scale 2^10)",
      widths,
      layers: q.model.layers.map((layer) => ({
        weights: layer.weights.map((row) => row.map(str)),
        bias: layer.bias.map(str),
        relu: layer.relu,
      })),
    },
  };
}

/** The id of one version's baked dense circuit (mlp64x128x10-committed-baked-1f2e3d4c: bakedCircuitIdOf). */
export function bakedCircuitId(widths: number[], inputMode: InputMode, commitment: bigint): string {
  return bakedCircuitIdOf(denseCircuitId(widths, inputMode), commitment);
}

/**
 * The baked-weights circuit of one version of a linear or dense model (linearBakedCircuitSource, BakedWeights in
 * denseCircuit.ts): the same public signals as planCircuit's, the weights commitment under `weightsSalt` pinned as a
 * constant. Its setup and verifier serve this version only; chooseWeights decides when that pays. `attribution`
 * (dense networks only) adds a proven gradient x input of the predicted logit per feature.
 */
export function planBakedCircuit(
  q: QuantizedModel,
  inputMode: InputMode,
  weightsSalt: bigint,
  options: { attribution?: boolean } = {},
): CircuitPlan {
  if (q.kind === "linear") {
    if (options.attribution) throw new TypeError("a linear model's contributions are its attribution already");
    return planBakedLinearCircuit(q, inputMode, weightsSalt);
  }
  const base = planCircuit(q, inputMode);
  const widths = denseWidths(q.model);
  const relu = q.model.layers.slice(0, -1).map((layer) => layer.relu);
  const commitment = denseWeightsCommitment(q.model, weightsSalt);
  const attribution = options.attribution === true;
  const id = `${bakedCircuitId(widths, inputMode, commitment)}${attribution ? "-attribution" : ""}`;
  return {
    ...base,
    id,
    publicSignals: attribution ? withAttributionSignals(base.publicSignals, widths) : base.publicSignals,
    source: (dir) => denseCircuitSource(widths, relu, inputMode, dir, { model: q.model, commitment, attribution }),
    ...pinnedToSalt(weightsSalt, commitment, (x, context) => {
      const { output: _, ...call } = denseBakedCircuitCall(inputMode, q.model, x, context, { attribution });
      return call;
    }),
  };
}

/**
 * A baked plan's weights commitment and witness: they exist under the version's own salt only, the one whose
 * commitment the circuit pins.
 */
export function pinnedToSalt(
  weightsSalt: bigint,
  commitment: bigint,
  call: CircuitPlan["call"],
): Pick<CircuitPlan, "weightsCommitment" | "call"> {
  return {
    weightsCommitment: (salt) => {
      if (salt !== weightsSalt) throw new RangeError("a baked circuit pins the commitment under its own salt");
      return commitment;
    },
    call: (x, context) => {
      if (context.weightsSalt !== weightsSalt) throw new RangeError("a baked circuit proves under its own salt");
      return call(x, context);
    },
  };
}

/**
 * A dense layout with the attribution words after the arg-max (the circuit's output order): per word, offset-binary
 * lanes `attribution[i]` at scale 2^(16 + 10 L), gradient x input of the predicted logit.
 */
export function withAttributionSignals(layout: PublicSignal[], widths: number[]): PublicSignal[] {
  const at = denseAttributionIndex(widths);
  const layers = widths.length - 1;
  const n = widths[0] as number;
  const { bits, lanes, words } = denseAttributionPacking(widths);
  const offset = (1n << BigInt(bits - 1)).toString();
  const signals: Omit<PublicSignal, "index">[] = Array.from({ length: words }, (_, w) => ({
    signal: `attributions[${w}]`,
    kind: "output",
    encoding: "packed",
    lanes: Array.from({ length: Math.min(lanes, n - w * lanes) }, (_, j) => ({
      name: `attribution[${w * lanes + j}]`,
      shift: j * bits,
      bits,
      offset,
      fracBits: FRAC_BITS + WEIGHT_FRAC_BITS * layers,
    })),
    description: "gradient x input of the predicted logit, per feature",
  }));
  return [...layout.slice(0, at), ...signals, ...layout.slice(at)].map((signal, index) => ({ ...signal, index }));
}

/** The baked circuit of one version of a linear model: contributions, score and decision from constant weights. */
function planBakedLinearCircuit(
  q: Extract<QuantizedModel, { kind: "linear" }>,
  inputMode: InputMode,
  weightsSalt: bigint,
): CircuitPlan {
  const base = planCircuit(q, inputMode);
  const n = q.model.weights.length;
  const commitment = base.weightsCommitment(weightsSalt);
  return {
    ...base,
    id: linearBakedCircuitId(n, inputMode, commitment),
    source: (dir) => linearBakedCircuitSource(q.model, inputMode, commitment, dir),
    ...pinnedToSalt(weightsSalt, commitment, (x, context) =>
      classifierBakedCircuitCall(inputMode, q.model, x, context),
    ),
  };
}
