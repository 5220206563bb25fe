import { readFileSync } from "node:fs";
import { join } from "node:path";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

export const FIXTURE_NAMES = [
  "logistic",
  "linear",
  "mlp",
  "decision_tree",
  "random_forest",
  "gradient_boosting",
  "gradient_boosting_regressor",
  "lightgbm",
] as const;

export type FixtureName = (typeof FIXTURE_NAMES)[number];

/** Held-out rows with the trained Python model's outputs and onnxruntime (Python) outputs, as generate.py wrote them. */
export interface HeldOut {
  inputs: number[][];
  expected: number[][];
  onnxruntime: number[][];
}

export function readFixture(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, `${name}.onnx`)));
}

export function readHeldOut(): Record<FixtureName, HeldOut> {
  return JSON.parse(readFileSync(join(FIXTURES, "heldout.json"), "utf8"));
}
