import { join } from "node:path";
import { generateCredit } from "../../../trainer/src/data/credit.ts";
import { writeCsv } from "../../../trainer/src/data/csv.ts";
import { createPrng } from "../../../trainer/src/data/prng.ts";
import { train } from "../../../trainer/src/train/train.ts";

/**
 * Four lenders' small, careful credit books (seeded, so every run writes the same files): small enough that exact
 * Shapley over the four trains 16 models in a fraction of a second, and each book improves the model, so every leaf
 * has a positive weight.
 */
export const CONTRIBUTORS = [
  { name: "alice", rows: 260 },
  { name: "bob", rows: 220 },
  { name: "carol", rows: 200 },
  { name: "erin", rows: 180 },
] as const;

/** Writes `<name>.csv` per contributor into `dir` and returns the paths by name. */
export async function writeContributorDatasets(dir: string): Promise<Record<string, string>> {
  const paths: Record<string, string> = {};
  for (const [i, c] of CONTRIBUTORS.entries()) {
    const path = join(dir, `${c.name}.csv`);
    await writeCsv(path, generateCredit(createPrng(100 + i), { rows: c.rows, bias: 0, labelNoise: 0 }));
    paths[c.name] = path;
  }
  return paths;
}

/** Trains the credit classifier on a folder of contributions, as `trainer train` does, with a fixed seed. */
export async function trainClassifier(data: string, out: string, options: { ids?: string; salt?: bigint } = {}) {
  const { artifact } = await train({
    family: "classifier",
    data,
    out,
    label: "label",
    sensitive: "group",
    fairness: "none",
    testFraction: 0.25,
    seed: 1,
    permutations: 200,
    ids: options.ids,
    salt: options.salt,
  });
  return artifact;
}
