import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { datasetCommitment, type Table } from "./canonical.ts";
import { generateCredit } from "./credit.ts";
import { writeCsv } from "./csv.ts";
import { DatasetError } from "./errors.ts";
import { generateCatalogue, generateInteractions } from "./interactions.ts";
import { generatePrices } from "./prices.ts";
import { createPrng, type Prng } from "./prng.ts";

/** Format tag and version of `manifest.json`, bumped on any incompatible change to the layout below. */
export const DATASETS_FORMAT = "symbiote.datasets";
export const DATASETS_VERSION = 1;

export type GenerateOptions = {
  /** Output folder; created if missing. */
  out: string;
  /** Master seed: the same seed always writes byte-identical files. */
  seed: number;
  /** Historical bias injected into `credit-biased/` (see `CreditOptions.bias`). */
  bias: number;
  /** Called once per written file, for progress output. */
  onFile?: (path: string, rows: number) => void;
};

export type GeneratedFile = { path: string; rows: number; commitment: Hex };

/**
 * Who contributes what. Credit: four lenders' application books; `dave` recorded his labels carelessly (every
 * label a coin flip), which contribution valuation must detect. Prices: three price feeds of different volatility.
 * Interactions: three shops, each holding its own customers' interactions with the shared catalogue.
 */
const CREDIT_CONTRIBUTORS = [
  { name: "alice", rows: 700, labelNoise: 0 },
  { name: "bob", rows: 600, labelNoise: 0 },
  { name: "carol", rows: 500, labelNoise: 0 },
  { name: "dave", rows: 550, labelNoise: 1 },
] as const;
const PRICE_CONTRIBUTORS = [
  { name: "feed-a", rows: 500, volatility: 0.004 },
  { name: "feed-b", rows: 450, volatility: 0.005 },
  { name: "feed-c", rows: 400, volatility: 0.006 },
] as const;
const INTERACTION_CONTRIBUTORS = [
  { name: "shop-a", users: 30 },
  { name: "shop-b", users: 25 },
  { name: "shop-c", users: 20 },
] as const;
const INTERACTIONS_PER_USER = 10;

/** FNV-1a: turns "seed:dataset:contributor" into an independent 32-bit seed per file. */
function subSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of label) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Writes every synthetic dataset under `out`:
 * `credit/` (fair labels), `credit-biased/` (the same lenders with historical bias against `group = 1`),
 * `prices/`, `interactions/`, and `manifest.json` listing each file with its row count and dataset commitment.
 * Each file has its own seed derived from the master seed, so changing one generator never shifts another's data.
 *
 * @throws {DatasetError} a knob is out of range.
 */
export async function generateDatasets(options: GenerateOptions): Promise<GeneratedFile[]> {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new DatasetError("datasets", `seed ${options.seed} is not a 32-bit unsigned integer`, {
      details: "pass --seed with an integer between 0 and 4294967295",
    });
  }
  if (!(options.bias >= 0 && options.bias <= 1)) {
    throw new DatasetError("datasets", `bias ${options.bias} is outside [0, 1]`, {
      details: "pass --bias as a probability, e.g. 0.6",
    });
  }
  const rng = (label: string): Prng => createPrng(subSeed(options.seed, label));
  const files: GeneratedFile[] = [];
  const write = async (relative: string, table: Table) => {
    await writeCsv(join(options.out, relative), table);
    files.push({ path: relative, rows: table.rows.length, commitment: datasetCommitment(table) });
    options.onFile?.(relative, table.rows.length);
  };

  for (const [folder, bias] of [
    ["credit", 0],
    ["credit-biased", options.bias],
  ] as const) {
    for (const c of CREDIT_CONTRIBUTORS) {
      // Both folders use the same per-lender seed: the biased books are the fair books with labels rewritten.
      const table = generateCredit(rng(`credit:${c.name}`), { rows: c.rows, bias, labelNoise: c.labelNoise });
      await write(`${folder}/${c.name}.csv`, table);
    }
  }

  for (const c of PRICE_CONTRIBUTORS) {
    await write(`prices/${c.name}.csv`, generatePrices(rng(`prices:${c.name}`), c));
  }

  const catalogue = generateCatalogue(rng("interactions:catalogue"));
  let firstUser = 0;
  for (const c of INTERACTION_CONTRIBUTORS) {
    const table = generateInteractions(rng(`interactions:${c.name}`), catalogue, {
      firstUser,
      users: c.users,
      perUser: INTERACTIONS_PER_USER,
    });
    firstUser += c.users;
    await write(`interactions/${c.name}.csv`, table);
  }

  const manifest = {
    format: DATASETS_FORMAT,
    version: DATASETS_VERSION,
    seed: options.seed,
    bias: options.bias,
    files,
  };
  await mkdir(options.out, { recursive: true });
  const path = join(options.out, "manifest.json");
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`, "utf8");
  await rename(`${path}.tmp`, path);
  return files;
}
