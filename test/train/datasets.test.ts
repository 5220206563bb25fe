import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDIT_FEATURES } from "../../trainer/src/data/credit.ts";
import { readCsv } from "../../trainer/src/data/csv.ts";
import { DatasetError } from "../../trainer/src/data/errors.ts";
import { generateDatasets } from "../../trainer/src/data/generate.ts";
import { PRICE_FEATURES } from "../../trainer/src/data/prices.ts";
import { createPrng } from "../../trainer/src/data/prng.ts";

let root: string;

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(path.slice(dir.length), await readFile(path));
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "symbiote-datasets-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generateDatasets()", () => {
  it("writes byte-identical files for the same seed and different ones for another seed", async () => {
    await generateDatasets({ out: join(root, "a"), seed: 7, bias: 0.6 });
    await generateDatasets({ out: join(root, "b"), seed: 7, bias: 0.6 });
    await generateDatasets({ out: join(root, "c"), seed: 8, bias: 0.6 });
    const a = await filesOf(join(root, "a"));
    const b = await filesOf(join(root, "b"));
    const c = await filesOf(join(root, "c"));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBe(15); // 14 CSV files + manifest.json
    for (const [path, bytes] of a) expect(bytes.equals(b.get(path) as Buffer), path).toBe(true);
    for (const [path, bytes] of a) {
      if (path.endsWith(".csv")) expect(bytes.equals(c.get(path) as Buffer), path).toBe(false);
    }
  });

  it("records in the manifest each file's keccak256, which is the file's own hash (files are canonical)", async () => {
    const dir = join(root, "a");
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as {
      seed: number;
      files: { path: string; rows: number; commitment: string }[];
    };
    expect(manifest.seed).toBe(7);
    for (const file of manifest.files) {
      const bytes = await readFile(join(dir, file.path));
      expect(keccak256(bytes)).toBe(file.commitment);
      expect((await readCsv(join(dir, file.path))).rows.length).toBe(file.rows);
    }
  });

  it("gives the credit and price datasets 16 features within the circuits' ±128 fixed-point range", async () => {
    const credit = await readCsv(join(root, "a", "credit", "alice.csv"));
    expect(credit.columns).toEqual([...CREDIT_FEATURES, "group", "label"]);
    const prices = await readCsv(join(root, "a", "prices", "feed-a.csv"));
    expect(prices.columns).toEqual([...PRICE_FEATURES, "label"]);
    for (const table of [credit, prices]) {
      for (const row of table.rows) for (const v of row.slice(0, 16)) expect(Math.abs(v)).toBeLessThan(128);
    }
    expect(new Set(prices.rows.map((r) => r[16]))).toEqual(new Set([0, 1, 2, 3]));
  });

  it("injects historical bias only into credit-biased/: fewer approvals for group 1, same features", async () => {
    const approvalRate = async (folder: string, group: number) => {
      let approved = 0;
      let total = 0;
      for (const name of ["alice", "bob", "carol"]) {
        for (const row of (await readCsv(join(root, "a", folder, `${name}.csv`))).rows) {
          if (row[16] !== group) continue;
          total++;
          approved += row[17] as number;
        }
      }
      return approved / total;
    };
    const fairGap = (await approvalRate("credit", 0)) - (await approvalRate("credit", 1));
    const biasedGap = (await approvalRate("credit-biased", 0)) - (await approvalRate("credit-biased", 1));
    expect(Math.abs(fairGap)).toBeLessThan(0.06);
    expect(biasedGap).toBeGreaterThan(0.2);
    const fair = await readCsv(join(root, "a", "credit", "bob.csv"));
    const biased = await readCsv(join(root, "a", "credit-biased", "bob.csv"));
    expect(biased.rows.map((r) => r.slice(0, 17))).toEqual(fair.rows.map((r) => r.slice(0, 17)));
  });

  it("keeps interaction ids inside the catalogue and user ids distinct across shops", async () => {
    const users = new Map<string, Set<number>>();
    for (const shop of ["shop-a", "shop-b", "shop-c"]) {
      const table = await readCsv(join(root, "a", "interactions", `${shop}.csv`));
      expect(table.columns).toEqual(["user", "item", "rating"]);
      for (const [, item, rating] of table.rows) {
        expect(item).toBeGreaterThanOrEqual(0);
        expect(item).toBeLessThan(32);
        expect(rating).toBeGreaterThanOrEqual(1);
        expect(rating).toBeLessThanOrEqual(5);
      }
      users.set(shop, new Set(table.rows.map((r) => r[0] as number)));
    }
    const all = [...users.values()].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("refuses a seed or a bias out of range with a DatasetError", async () => {
    await expect(generateDatasets({ out: join(root, "x"), seed: -1, bias: 0 })).rejects.toThrow(DatasetError);
    await expect(generateDatasets({ out: join(root, "x"), seed: 1, bias: 1.5 })).rejects.toThrow(/bias 1.5 is outside/);
  });
});

describe("createPrng()", () => {
  it("repeats its stream for a seed and draws normals with mean ≈ 0 and variance ≈ 1", () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const draws = Array.from({ length: 20_000 }, () => a.normal());
    expect(Array.from({ length: 20_000 }, () => b.normal())).toEqual(draws);
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(createPrng(43).next()).not.toBe(createPrng(42).next());
  });
});
