import { DatasetError } from "../data/errors.ts";
import type { Contribution } from "./contributions.ts";

/** Labelled rows ready for a classifier: features, an integer class, and the sensitive attribute when named. */
export type Samples = {
  readonly x: number[][];
  readonly y: number[];
  /** Sensitive attribute per row, or undefined when no sensitive column was named. */
  readonly g: number[] | undefined;
};

export type SampleSchema = {
  /** Name of the label column. */
  label: string;
  /** Name of the sensitive column, excluded from the features; undefined when there is none. */
  sensitive: string | undefined;
  /** Number of feature columns the model takes (16 for both circuits' classifiers). */
  featureCount: number;
  /** Number of classes; labels must be integers in [0, classes). */
  classes: number;
};

/**
 * The feature columns of a header: every column but the label and the sensitive one, in file order.
 *
 * @throws {DatasetError} label or sensitive column missing, or a feature count other than the model's.
 */
export function featureColumns(columns: readonly string[], schema: SampleSchema, source: string): string[] {
  if (!columns.includes(schema.label)) {
    throw new DatasetError(source, `the label column "${schema.label}" is missing`, {
      line: 1,
      details: `columns found: ${columns.join(", ")}; add the column or pass --label with the right name`,
    });
  }
  if (schema.sensitive !== undefined && !columns.includes(schema.sensitive)) {
    throw new DatasetError(source, `the sensitive column "${schema.sensitive}" is missing`, {
      line: 1,
      details: `columns found: ${columns.join(", ")}; add the column or pass --sensitive with the right name`,
    });
  }
  const features = columns.filter((c) => c !== schema.label && c !== schema.sensitive);
  if (features.length !== schema.featureCount) {
    throw new DatasetError(source, `found ${features.length} feature columns, the model takes ${schema.featureCount}`, {
      line: 1,
      details:
        `features found: ${features.join(", ")}; every column other than the label and the sensitive column is a ` +
        "feature, so add or drop columns (or name the sensitive column with --sensitive)",
    });
  }
  return features;
}

/**
 * Extracts labelled samples from one contribution.
 *
 * @throws {DatasetError} schema mismatch (see {@link featureColumns}) or a label that is not a valid class.
 */
export function toSamples(contribution: Contribution, schema: SampleSchema): Samples {
  const { columns, rows } = contribution.table;
  const features = featureColumns(columns, schema, contribution.path);
  const featureIdx = features.map((f) => columns.indexOf(f));
  const labelIdx = columns.indexOf(schema.label);
  const sensitiveIdx = schema.sensitive === undefined ? -1 : columns.indexOf(schema.sensitive);

  const x: number[][] = [];
  const y: number[] = [];
  const g: number[] = [];
  rows.forEach((row, r) => {
    const label = row[labelIdx] as number;
    if (!Number.isInteger(label) || label < 0 || label >= schema.classes) {
      throw new DatasetError(contribution.path, `label ${label} is not a class of this model`, {
        line: r + 2,
        details: `labels must be integers from 0 to ${schema.classes - 1}`,
      });
    }
    x.push(featureIdx.map((i) => row[i] as number));
    y.push(label);
    if (sensitiveIdx >= 0) g.push(row[sensitiveIdx] as number);
  });
  return { x, y, g: sensitiveIdx >= 0 ? g : undefined };
}

/** Picks rows by index. */
export function selectSamples(samples: Samples, indices: readonly number[]): Samples {
  return {
    x: indices.map((i) => samples.x[i] as number[]),
    y: indices.map((i) => samples.y[i] as number),
    g: samples.g === undefined ? undefined : indices.map((i) => (samples.g as number[])[i] as number),
  };
}

/** Concatenates samples (all with or all without a sensitive attribute). */
export function concatSamples(parts: readonly Samples[]): Samples {
  const withG = parts.length > 0 && parts.every((p) => p.g !== undefined);
  return {
    x: parts.flatMap((p) => p.x),
    y: parts.flatMap((p) => p.y),
    g: withG ? parts.flatMap((p) => p.g as number[]) : undefined,
  };
}
