import * as ort from "onnxruntime-node";
import { argMax } from "../reference/evaluate.ts";
import { AgreementError, type AgreementNumbers } from "./errors.ts";
import { quantizeInputs } from "./fixedPoint.ts";
import { predictQuantized, type QuantizedModel, type QuantizedPrediction } from "./quantizeModel.ts";

/** What an integer model decides on one float row (quantising it as its circuit does). */
export type Predictor = (x: readonly number[]) => QuantizedPrediction;

/** A regressor's row agrees when the quantised prediction is within this fraction of onnxruntime's (at least 1). */
export const REGRESSION_TOLERANCE = 1e-3;
/** The agreement compile refuses to go below unless told otherwise. */
export const DEFAULT_MIN_AGREEMENT = 0.99;

export interface AgreementReport extends AgreementNumbers {
  /** Rows where the decisions differ (or a regressor's prediction is out of tolerance), by index. */
  disagreements: number[];
}

/** onnxruntime-node's outputs on rows: the float score tensor [rows x columns] and the int64 labels if any. */
export async function runOnnxruntime(
  onnx: Uint8Array,
  rows: readonly (readonly number[])[],
): Promise<{ scores: number[][]; labels: number[] | null }> {
  const session = await ort.InferenceSession.create(onnx);
  try {
    const width = rows[0]?.length ?? 0;
    const input = new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, width]);
    const out = await session.run({ [session.inputNames[0] as string]: input });
    const tensors = Object.values(out);
    const scoreTensor = tensors.find((t) => t.type === "float32");
    if (!scoreTensor) throw new Error(`the model has no float output among ${Object.keys(out).join(", ")}`);
    const cols = scoreTensor.dims.length > 1 ? (scoreTensor.dims[1] as number) : 1;
    const flat = Array.from(scoreTensor.data as Float32Array);
    const labelTensor = tensors.find((t) => t.type === "int64");
    return {
      scores: rows.map((_, r) => flat.slice(r * cols, (r + 1) * cols)),
      labels: labelTensor ? Array.from(labelTensor.data as BigInt64Array, Number) : null,
    };
  } finally {
    await session.release();
  }
}

/**
 * Compares the quantised integer model with the ORIGINAL model run by onnxruntime-node on held-out rows: arg-max
 * agreement for classifiers (the circuit's decision vs onnxruntime's class), agreement within REGRESSION_TOLERANCE for
 * regressors, and the largest score error in the model's output units (probabilities or predictions). The rows are
 * rounded to float32 first, as onnxruntime reads them.
 */
export async function measureAgreement(
  onnx: Uint8Array,
  q: QuantizedModel | Predictor,
  rows: readonly (readonly number[])[],
  threshold = DEFAULT_MIN_AGREEMENT,
): Promise<AgreementReport> {
  const f32 = rows.map((r) => Array.from(Float32Array.from(r)));
  const reference = await runOnnxruntime(onnx, f32);
  const disagreements: number[] = [];
  let maxScoreError = 0;
  const predict: Predictor = typeof q === "function" ? q : (x) => predictQuantized(q, quantizeInputs(x));
  f32.forEach((x, r) => {
    const ours = predict(x);
    const theirs = reference.scores[r] as number[];
    ours.scores.forEach((s, c) => {
      maxScoreError = Math.max(maxScoreError, Math.abs(s - (theirs[c] ?? Number.NaN)));
    });
    if (ours.classIndex === null) {
      const ok = ours.scores.every(
        (s, c) =>
          Math.abs(s - (theirs[c] as number)) <= REGRESSION_TOLERANCE * Math.max(1, Math.abs(theirs[c] as number)),
      );
      if (!ok) disagreements.push(r);
    } else if (ours.classIndex !== argMax(theirs)) {
      disagreements.push(r);
    }
  });
  const agreement = rows.length === 0 ? 0 : (rows.length - disagreements.length) / rows.length;
  return { rows: rows.length, agreement, maxScoreError, threshold, disagreements };
}

/** Refuses, with the numbers, a model whose agreement is below the report's threshold. */
export function assertAgreement(report: AgreementReport): void {
  if (!(report.agreement >= report.threshold)) {
    const { rows, agreement, maxScoreError, threshold } = report;
    throw new AgreementError({ rows, agreement, maxScoreError, threshold });
  }
}
