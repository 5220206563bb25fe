/**
 * The gas and cost tables of docs/oracle.md, rendered from the rows `npm run bench:gas` writes to .bench/gas.json, and
 * the marker-delimited rewrite of a document that holds them. Pure: no file system, so tests feed it rows directly.
 */

/** One row of .bench/gas.json. */
export type GasRow = { case: string; metric: string; value: number; unit: string };

/** The prices the cost table states. Cost = gas × execution price + calldata bytes × 16 × data price. */
export const PRICES = {
  /** L1 execution, gwei per gas. */
  l1GasGwei: 10,
  /** Optimistic rollup (OP Stack style): L2 execution, gwei per gas. */
  rollupGasGwei: 0.01,
  /** Optimistic rollup: effective L1 data price, gwei per data gas (16 per calldata byte). */
  rollupDataGwei: 1,
  usdPerEth: 3000,
} as const;

/** A single-settlement row of the first table: the bench case and how the document names it. */
const SINGLE_CASES: readonly { case: string; label: (signals: number | undefined) => string }[] = [
  { case: "classifier16-committed", label: (n) => `classifier16-committed (Groth16, ${n} signals)` },
  { case: "classifier16-public", label: (n) => `classifier16-public (Groth16, ${n} signals)` },
  { case: "classifier16-committed-plonk", label: () => "classifier16-committed (PLONK)" },
  { case: "mlp16x32x4-committed", label: (n) => `mlp16x32x4-committed (Groth16, ${n} signals)` },
  { case: "mlp16x32x4-public", label: (n) => `mlp16x32x4-public (Groth16, ${n} signals)` },
  { case: "recommender16x32-committed", label: (n) => `recommender16x32-committed (Groth16, ${n} signals)` },
  { case: "recommender16x32-public", label: (n) => `recommender16x32-public (Groth16, ${n} signals)` },
];

const BATCH_CASES = [
  "classifier16-committed",
  "classifier16-public",
  "mlp16x32x4-committed",
  "mlp16x32x4-public",
  "recommender16x32-committed",
  "recommender16x32-public",
] as const;

const BATCH_SIZES = [2, 4, 8, 16, 32] as const;

/** The user-cost rows: a case settled alone (size 1) or in a batch of `size`. */
const COST_CASES: readonly { case: string; size: number }[] = [
  { case: "classifier16-committed", size: 1 },
  { case: "classifier16-committed", size: 4 },
  { case: "classifier16-committed", size: 16 },
  { case: "classifier16-committed", size: 32 },
  { case: "classifier16-public", size: 1 },
  { case: "classifier16-public", size: 16 },
];

/** A row the tables need is missing from the benchmark's output. */
export class MissingGasRowError extends Error {
  constructor(caseName: string, metric: string) {
    super(
      `.bench/gas.json has no "${metric}" for "${caseName}": run \`npm run bench:gas\` (all suites) before rendering the docs`,
    );
    this.name = "MissingGasRowError";
  }
}

/** A document lacks a pair of markers the tables go between. */
export class MissingMarkerError extends Error {
  constructor(name: string) {
    super(`the document has no <!-- ${name}:start --> … <!-- ${name}:end --> pair; add one where the table belongs`);
    this.name = "MissingMarkerError";
  }
}

/** Looks rows up by case and metric. */
export class GasRows {
  private readonly byKey = new Map<string, number>();

  constructor(rows: readonly GasRow[]) {
    for (const row of rows) this.byKey.set(`${row.case}\u0000${row.metric}`, row.value);
  }

  /** The value of `metric` for `caseName`; throws MissingGasRowError if the bench did not print it. */
  get(caseName: string, metric: string): number {
    const value = this.find(caseName, metric);
    if (value === undefined) throw new MissingGasRowError(caseName, metric);
    return value;
  }

  /** The value of `metric` for `caseName`, or undefined. */
  find(caseName: string, metric: string): number | undefined {
    return this.byKey.get(`${caseName}\u0000${metric}`);
  }
}

const number = (n: number): string => n.toLocaleString("en-US");

/** The single-settlement table: request, fulfillment, the callback taken away, above the Groth16 floor, calldata. */
export function singleTable(rows: GasRows): string {
  const lines = [
    "| case | request | request (transfer) | fulfill | minus callback | above floor | fulfill calldata |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const entry of SINGLE_CASES) {
    const signals = rows.find(entry.case, "public_signals");
    const aboveFloor = rows.find(entry.case, "fulfill_gas_above_floor");
    lines.push(
      `| ${entry.label(signals)} | ${number(rows.get(entry.case, "request_gas"))} | ${number(
        rows.get(entry.case, "request_gas_transfer"),
      )} | ${number(rows.get(entry.case, "fulfill_gas"))} | ${number(
        rows.get(entry.case, "fulfill_gas_excl_callback"),
      )} | ${aboveFloor === undefined ? "—" : number(aboveFloor)} | ${number(
        rows.get(entry.case, "fulfill_calldata_bytes"),
      )} B |`,
    );
  }
  return lines.join("\n");
}

/** The batch table: gas per inference at each batch size, at 16 without the callbacks, and the verifier's share. */
export function batchTable(rows: GasRows): string {
  const lines = [
    "| case | b2 | b4 | b8 | b16 | b32 | b16 minus callbacks | verify per proof at 16 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const name of BATCH_CASES) {
    const sizes = BATCH_SIZES.map((k) => number(rows.get(`${name}-b${k}`, "batch_gas_per_inference")));
    const quiet = number(rows.get(`${name}-b16`, "batch_gas_per_inference_excl_callback"));
    const verify = number(rows.get(`${name}-b16`, "batch_verify_gas_per_proof"));
    lines.push(`| ${name} | ${sizes.join(" | ")} | ${quiet} | ${verify} |`);
  }
  return lines.join("\n");
}

/** One user-cost figure: gas and calldata of a request and its share of the settlement. */
export type InferenceCost = {
  requestGas: number;
  fulfillGas: number;
  totalGas: number;
  calldataBytes: number;
  l1Usd: number;
  rollupUsd: number;
};

/** What one inference of `caseName` costs when settled in a batch of `size` (1: a single `fulfill`). */
export function inferenceCost(rows: GasRows, caseName: string, size: number): InferenceCost {
  const requestGas = rows.get(caseName, "request_gas");
  const requestBytes = rows.get(caseName, "request_calldata_bytes");
  const fulfillGas =
    size === 1 ? rows.get(caseName, "fulfill_gas") : rows.get(`${caseName}-b${size}`, "batch_gas_per_inference");
  const fulfillBytes =
    size === 1
      ? rows.get(caseName, "fulfill_calldata_bytes")
      : rows.get(`${caseName}-b${size}`, "batch_calldata_bytes_per_inference");
  const totalGas = requestGas + fulfillGas;
  const calldataBytes = requestBytes + fulfillBytes;
  const usdPerGwei = PRICES.usdPerEth / 1e9;
  return {
    requestGas,
    fulfillGas,
    totalGas,
    calldataBytes,
    l1Usd: totalGas * PRICES.l1GasGwei * usdPerGwei,
    rollupUsd: (totalGas * PRICES.rollupGasGwei + calldataBytes * 16 * PRICES.rollupDataGwei) * usdPerGwei,
  };
}

/** The user-cost table: request plus settlement per inference, on an L1 and on an optimistic rollup. */
export function costTable(rows: GasRows): string {
  const lines = [
    "| case | settlement | request gas | fulfill gas per inference | total gas | calldata bytes | L1 | optimistic rollup |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const entry of COST_CASES) {
    const cost = inferenceCost(rows, entry.case, entry.size);
    const settlement = entry.size === 1 ? "single" : `batch of ${entry.size}`;
    lines.push(
      `| ${entry.case} | ${settlement} | ${number(cost.requestGas)} | ${number(cost.fulfillGas)} | ${number(
        cost.totalGas,
      )} | ${number(cost.calldataBytes)} | $${cost.l1Usd.toFixed(2)} | $${cost.rollupUsd.toFixed(3)} |`,
    );
  }
  return lines.join("\n");
}

/** Every generated table of docs/oracle.md, by marker name. */
export function renderTables(rows: readonly GasRow[]): Record<string, string> {
  const indexed = new GasRows(rows);
  return {
    "gas:single": singleTable(indexed),
    "gas:batch": batchTable(indexed),
    "gas:cost": costTable(indexed),
  };
}

/**
 * `document` with the text between each `<!-- name:start -->` and `<!-- name:end -->` replaced by `tables[name]`
 * (markers kept, one line each). Throws MissingMarkerError for a table whose markers are absent.
 */
export function replaceBetweenMarkers(document: string, tables: Record<string, string>): string {
  let out = document;
  for (const [name, table] of Object.entries(tables)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end, from);
    if (from < 0 || to < 0) throw new MissingMarkerError(name);
    out = `${out.slice(0, from + start.length)}\n${table}\n${out.slice(to)}`;
  }
  return out;
}
