import { VALUE_MAX, WEIGHT_MAX } from "@symbiote/sdk";
import type { DenseWidths, IntDenseModel } from "./dense/denseModel.ts";
import type { ClassifierModel } from "./models/classifier.ts";
import type { MlpModel } from "./models/mlp.ts";
import type { RecommenderModel } from "./models/recommender.ts";

/**
 * Seeded pseudo-random models and inputs (SplitMix64) for fixtures, tests and benchmarks: the same seed gives
 * the same model on every machine, so a committed proof fixture can be regenerated and compared.
 */
export class SeededRandom {
  private state: bigint;

  constructor(seed: bigint) {
    this.state = seed & 0xffffffffffffffffn;
  }

  next64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  }

  /** Uniform in [-max, max]. */
  signed(max: bigint): bigint {
    return (this.next64() % (2n * max + 1n)) - max;
  }

  /**
   * A raw fixed-point value: mostly moderate magnitudes, sometimes an edge of the range (±(2^23 - 1), 0, ±1),
   * so random runs exercise the bounds the circuits must accept.
   */
  value(max: bigint = VALUE_MAX): bigint {
    const pick = this.next64() % 16n;
    if (pick === 0n) return max;
    if (pick === 1n) return -max;
    if (pick === 2n) return this.signed(1n);
    if (pick < 8n) return this.signed(max);
    return this.signed(max >> 6n);
  }

  vector(length: number, max?: bigint): bigint[] {
    return Array.from({ length }, () => this.value(max));
  }
}

export function randomClassifier(rng: SeededRandom, n: number): ClassifierModel {
  return { weights: rng.vector(n), bias: rng.value(), threshold: rng.value() };
}

/**
 * A dense network of these widths (inputs, every hidden layer, outputs) with compact weights (±(2^13 - 1) raw), ReLU
 * on every hidden layer, as the compiler quantises one.
 */
export function randomDense(rng: SeededRandom, widths: DenseWidths): IntDenseModel {
  return {
    inputs: widths[0] as number,
    layers: widths.slice(1).map((out, l) => ({
      weights: Array.from({ length: out }, () => rng.vector(widths[l] as number, WEIGHT_MAX)),
      bias: rng.vector(out, WEIGHT_MAX),
      relu: l < widths.length - 2,
    })),
  };
}

/** MLP parameters are compact weights (±(2^13 - 1) raw). */
export function randomMlp(rng: SeededRandom, n: number, h: number, k: number): MlpModel {
  return {
    w1: Array.from({ length: h }, () => rng.vector(n, WEIGHT_MAX)),
    b1: rng.vector(h, WEIGHT_MAX),
    w2: Array.from({ length: k }, () => rng.vector(h, WEIGHT_MAX)),
    b2: rng.vector(k, WEIGHT_MAX),
  };
}

/** The item table is compact weights (±(2^13 - 1) raw). */
export function randomRecommender(rng: SeededRandom, d: number, m: number): RecommenderModel {
  return { items: Array.from({ length: m }, () => rng.vector(d, WEIGHT_MAX)) };
}
