import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FixedPointRangeError, SymbioteError } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCanonical } from "../../trainer/src/data/canonical.ts";
import { generateCredit } from "../../trainer/src/data/credit.ts";
import { DatasetError } from "../../trainer/src/data/errors.ts";
import { createPrng } from "../../trainer/src/data/prng.ts";
import { TrainingError } from "../../trainer/src/train/errors.ts";
import { type TrainOptions, train } from "../../trainer/src/train/train.ts";

let root: string;
let good: { alice: string; bob: string };
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "symbiote-bad-input-"));
  good = {
    alice: encodeCanonical(generateCredit(createPrng(1), { rows: 120, bias: 0, labelNoise: 0 })),
    bob: encodeCanonical(generateCredit(createPrng(2), { rows: 100, bias: 0, labelNoise: 0 })),
  };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh data folder holding the given files, and the options to train on it. */
async function setup(files: Record<string, string>, extra: Partial<TrainOptions> = {}) {
  const dir = join(root, `case-${counter++}`);
  await mkdir(join(dir, "data"), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, "data", name), text);
  const options: TrainOptions = {
    family: "classifier",
    data: join(dir, "data"),
    out: join(dir, "out", "model.json"),
    label: "label",
    sensitive: "group",
    fairness: "none",
    testFraction: 0.25,
    seed: 1,
    permutations: 50,
    salt: 1n,
    ...extra,
  };
  return { dir, options };
}

/** Replaces one line (0 = header) of a CSV text. */
function editLine(text: string, line: number, edit: (l: string) => string): string {
  const lines = text.split("\n");
  lines[line] = edit(lines[line] as string);
  return lines.join("\n");
}

/** Runs train(), expects it to fail with `type` and `message`, and checks nothing was written. */
async function expectFailure(
  options: TrainOptions,
  dir: string,
  type: abstract new (...args: never[]) => Error,
  message: RegExp,
): Promise<void> {
  const error = await train(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  // the node's errors and the SDK's codec errors share one base
  expect(error).toBeInstanceOf(SymbioteError);
  expect((error as Error).message).toMatch(message);
  await expect(readdir(join(dir, "out"))).rejects.toThrow(/ENOENT/);
}

describe("train() refuses bad input with a typed error and writes nothing", () => {
  it("trains on the unmodified files (the cases below differ by one defect each)", async () => {
    const { options } = await setup({ "alice.csv": good.alice, "bob.csv": good.bob });
    const { artifact } = await train(options);
    expect(artifact.contributions).toHaveLength(2);
  });

  it("a missing label column", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": good.bob }, { label: "approved" });
    await expectFailure(options, dir, DatasetError, /alice\.csv:1: the label column "approved" is missing/);
  });

  it("a missing sensitive column", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": good.bob }, { sensitive: "gender" });
    await expectFailure(
      options,
      dir,
      DatasetError,
      /the sensitive column "gender" is missing.*\n\nDetails: columns found/s,
    );
  });

  it("an empty file", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": "" });
    await expectFailure(options, dir, DatasetError, /bob\.csv: the file is empty/);
  });

  it("a non-numeric value, with its line and column", async () => {
    const broken = editLine(good.bob, 5, (l) => l.replace(/^[^,]+/, "forty"));
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": broken });
    await expectFailure(
      options,
      dir,
      DatasetError,
      /bob\.csv:6: value "forty" in column "income_k" is not a finite number/,
    );
  });

  it("a wrong feature count (an extra column)", async () => {
    const widen = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .map((l, i) => `${l},${i === 0 ? "extra" : "1"}`)
        .join("\n");
    const { dir, options } = await setup({ "alice.csv": widen(good.alice), "bob.csv": widen(good.bob) });
    await expectFailure(options, dir, DatasetError, /found 17 feature columns, the model takes 16/);
  });

  it("a wrong feature count (the sensitive column not named, so counted as a feature)", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": good.bob }, { sensitive: undefined });
    await expectFailure(options, dir, DatasetError, /found 17 feature columns.*--sensitive/s);
  });

  it("files whose headers differ", async () => {
    const renamed = editLine(good.bob, 0, (l) => l.replace("savings_k", "savings"));
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": renamed });
    await expectFailure(options, dir, DatasetError, /bob\.csv:1: its header differs/);
  });

  it("a label that is not a class of the model", async () => {
    const broken = editLine(good.alice, 3, (l) => l.replace(/,\d$/, ",2"));
    const { dir, options } = await setup({ "alice.csv": broken, "bob.csv": good.bob });
    await expectFailure(options, dir, DatasetError, /alice\.csv:4: label 2 is not a class of this model/);
  });

  it("a folder without CSV files, and a folder that does not exist", async () => {
    const empty = await setup({ "notes.txt": "nothing here" });
    await expectFailure(empty.options, empty.dir, DatasetError, /holds no \.csv file/);
    const missing = await setup({});
    await expectFailure(
      { ...missing.options, data: join(missing.dir, "nope") },
      missing.dir,
      DatasetError,
      /cannot be read/,
    );
  });

  it("an id map that misses a file or gives two files the same id", async () => {
    const a = await setup({ "alice.csv": good.alice, "bob.csv": good.bob });
    await writeFile(join(a.dir, "ids.json"), JSON.stringify({ "alice.csv": 1 }));
    await expectFailure({ ...a.options, ids: join(a.dir, "ids.json") }, a.dir, DatasetError, /no entry for this file/);
    const b = await setup({ "alice.csv": good.alice, "bob.csv": good.bob });
    await writeFile(join(b.dir, "ids.json"), JSON.stringify({ "alice.csv": 5, "bob.csv": 5 }));
    await expectFailure(
      { ...b.options, ids: join(b.dir, "ids.json") },
      b.dir,
      DatasetError,
      /id 5 is also given to alice\.csv/,
    );
    const c = await setup({ "alice.csv": good.alice, "bob.csv": good.bob });
    await writeFile(join(c.dir, "ids.json"), JSON.stringify({ "alice.csv": -1, "bob.csv": 2 }));
    await expectFailure(
      { ...c.options, ids: join(c.dir, "ids.json") },
      c.dir,
      DatasetError,
      /not a non-negative integer/,
    );
  });

  it("reweighing without a sensitive column", async () => {
    const { dir, options } = await setup(
      { "alice.csv": good.alice, "bob.csv": good.bob },
      { sensitive: undefined, fairness: "reweigh", family: "mlp" },
    );
    await expectFailure(options, dir, TrainingError, /fairness reweighing needs a sensitive column/);
  });

  it("labels of a single class", async () => {
    const allOnes = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .map((l, i) => (i === 0 ? l : l.replace(/,\d$/, ",1")))
        .join("\n");
    const { dir, options } = await setup({ "alice.csv": allOnes(good.alice), "bob.csv": allOnes(good.bob) });
    await expectFailure(options, dir, TrainingError, /every training row has the same label/);
  });

  it("features beyond the circuits' fixed-point range", async () => {
    // Income in units instead of thousands: values in the tens of thousands cannot be proven at 2^16 scale.
    const scaleIncome = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .map((l, i) => (i === 0 ? l : l.replace(/^[^,]+/, (v) => String(Number(v) * 1000))))
        .join("\n");
    const { dir, options } = await setup({ "alice.csv": scaleIncome(good.alice), "bob.csv": scaleIncome(good.bob) });
    await expectFailure(options, dir, FixedPointRangeError, /outside the fixed-point range.*rescale/);
  });

  it("interactions with an item outside the catalogue", async () => {
    const { dir, options } = await setup(
      { "shop.csv": "user,item,rating\n0,1,3\n0,2,4\n0,40,5\n" },
      { family: "recommender", sensitive: undefined },
    );
    await expectFailure(options, dir, DatasetError, /shop\.csv:4: item 40 is not in the catalogue/);
  });

  it("a file that is not an interactions file given to the recommender", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice }, { family: "recommender", sensitive: undefined });
    await expectFailure(
      options,
      dir,
      DatasetError,
      /needs exactly the columns user, item, rating.*missing: user, item, rating/s,
    );
  });

  it("leaves an existing artifact untouched when a retrain fails", async () => {
    const { dir, options } = await setup({ "alice.csv": good.alice, "bob.csv": good.bob });
    await train(options);
    const before = await readFile(options.out, "utf8");
    await writeFile(join(dir, "data", "bob.csv"), "");
    await expect(train(options)).rejects.toThrow(DatasetError);
    expect(await readFile(options.out, "utf8")).toBe(before);
  });
});
