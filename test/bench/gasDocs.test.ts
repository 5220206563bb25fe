import { describe, expect, it } from "vitest";
import {
  type GasRow,
  GasRows,
  inferenceCost,
  MissingGasRowError,
  MissingMarkerError,
  renderTables,
  replaceBetweenMarkers,
} from "../../bench/gasDocs/tables.ts";

const CASES = [
  "classifier16-committed",
  "classifier16-public",
  "mlp16x32x4-committed",
  "mlp16x32x4-public",
  "recommender16x32-committed",
  "recommender16x32-public",
];

/** Every row the tables read, with distinct values; the classifier's single row as measured before the lean path. */
function benchRows(): GasRow[] {
  const rows: GasRow[] = [];
  const add = (c: string, metric: string, value: number) => rows.push({ case: c, metric, value, unit: "gas" });
  for (const [i, c] of [...CASES, "classifier16-committed-plonk"].entries()) {
    add(c, "request_gas", 118_468 + i);
    add(c, "request_gas_transfer", 146_944 + i);
    add(c, "request_calldata_bytes", 324);
    add(c, "fulfill_gas", 346_035 + i);
    add(c, "fulfill_gas_excl_callback", 323_889 + i);
    add(c, "fulfill_calldata_bytes", 1_124);
    if (!c.endsWith("plonk")) {
      add(c, "public_signals", 7);
      add(c, "fulfill_gas_above_floor", 70_989 + i);
    }
  }
  for (const c of CASES) {
    for (const k of [2, 4, 8, 16, 32]) {
      add(`${c}-b${k}`, "batch_gas_per_inference", 100_000 + k);
      add(`${c}-b${k}`, "batch_calldata_bytes_per_inference", 1_100 + k);
    }
    add(`${c}-b16`, "batch_gas_per_inference_excl_callback", 90_016);
    add(`${c}-b16`, "batch_verify_gas_per_proof", 69_953);
  }
  return rows;
}

describe("gas docs tables", () => {
  it("prices an inference at the stated L1 and rollup prices", () => {
    const cost = inferenceCost(new GasRows(benchRows()), "classifier16-committed", 1);
    expect(cost.totalGas).toBe(464_503);
    expect(cost.calldataBytes).toBe(1_448);
    expect(cost.l1Usd.toFixed(2)).toBe("13.94");
    expect(cost.rollupUsd.toFixed(3)).toBe("0.083");
  });

  it("renders every case of every table from the bench rows", () => {
    const tables = renderTables(benchRows());
    expect(tables["gas:single"]).toContain("| classifier16-committed (Groth16, 7 signals) | 118,468 | 146,944 |");
    expect(tables["gas:single"]).toContain(
      "| classifier16-committed (PLONK) | 118,474 | 146,950 | 346,041 | 323,895 | — |",
    );
    expect(tables["gas:batch"]).toContain(
      "| recommender16x32-public | 100,002 | 100,004 | 100,008 | 100,016 | 100,032 | 90,016 | 69,953 |",
    );
    expect(tables["gas:cost"]).toContain(
      "| classifier16-committed | batch of 16 | 118,468 | 100,016 | 218,484 | 1,440 |",
    );
  });

  it("names the missing row when the bench did not print it", () => {
    const rows = benchRows().filter((r) => !(r.case === "mlp16x32x4-public-b8"));
    expect(() => renderTables(rows)).toThrow(MissingGasRowError);
    expect(() => renderTables(rows)).toThrow(/"batch_gas_per_inference" for "mlp16x32x4-public-b8"/);
  });

  it("replaces only the text between the markers, and again to the same document", () => {
    const doc = "intro\n<!-- gas:x:start -->\nold | table\n<!-- gas:x:end -->\nafter\n";
    const once = replaceBetweenMarkers(doc, { "gas:x": "| new |" });
    expect(once).toBe("intro\n<!-- gas:x:start -->\n| new |\n<!-- gas:x:end -->\nafter\n");
    expect(replaceBetweenMarkers(once, { "gas:x": "| new |" })).toBe(once);
  });

  it("refuses a document without the markers", () => {
    expect(() => replaceBetweenMarkers("no tables here", { "gas:x": "| t |" })).toThrow(MissingMarkerError);
  });
});
