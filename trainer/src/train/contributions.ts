import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Hex } from "viem";
import { datasetCommitment, type Table } from "../data/canonical.ts";
import { readCsv } from "../data/csv.ts";
import { DatasetError } from "../data/errors.ts";

/** One contributor's dataset as the trainer sees it: a CSV file, its on-chain id and its commitment. */
export type Contribution = {
  /** File name, e.g. `alice.csv`; contributions are ordered by it. */
  readonly name: string;
  readonly path: string;
  /** The DataRegistry id the reward leaf is issued for. */
  readonly contributionId: bigint;
  /** keccak256 of the canonical encoding: what the contributor registered. */
  readonly commitment: Hex;
  readonly table: Table;
};

/**
 * Reads the optional id map: a JSON object from file name to DataRegistry contribution id, e.g.
 * `{ "alice.csv": "7", "bob.csv": 9 }`. Without it, contributions are numbered 1, 2, 3… in file-name order.
 *
 * @throws {DatasetError} unreadable file, not an object, or an id that is not a non-negative integer.
 */
export async function readContributionIds(path: string): Promise<Map<string, bigint>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new DatasetError(path, "the contribution id map cannot be read as JSON", {
      details: 'expected an object such as { "alice.csv": 1, "bob.csv": 2 }',
      cause,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new DatasetError(path, "the contribution id map is not a JSON object", {
      details: 'expected an object such as { "alice.csv": 1, "bob.csv": 2 }',
    });
  }
  const ids = new Map<string, bigint>();
  for (const [file, raw] of Object.entries(parsed)) {
    const text = typeof raw === "number" || typeof raw === "string" ? String(raw) : "";
    if (!/^\d+$/.test(text)) {
      throw new DatasetError(path, `contribution id for "${file}" is not a non-negative integer`, {
        details: "use the id the DataRegistry assigned when the contribution was registered",
      });
    }
    ids.set(file, BigInt(text));
  }
  return ids;
}

/**
 * Loads every `*.csv` file of a folder as one contribution each. All files must share the same header: they are
 * pooled into one training set.
 *
 * @throws {DatasetError} missing folder, no CSV file, a file that does not parse, headers that differ, an id map
 * that misses a file or gives two files the same id.
 */
export async function loadContributions(dir: string, ids?: Map<string, bigint>): Promise<Contribution[]> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error(`${dir} is not a directory`);
    names = (await readdir(dir)).filter((n) => n.endsWith(".csv")).sort();
  } catch (cause) {
    throw new DatasetError(dir, "the data folder cannot be read", {
      details: "pass --data a folder holding one CSV file per contribution (see `trainer datasets`)",
      cause,
    });
  }
  if (names.length === 0) {
    throw new DatasetError(dir, "the data folder holds no .csv file", {
      details: "put one CSV file per contribution in it, or generate the synthetic ones with `trainer datasets`",
    });
  }

  const contributions: Contribution[] = [];
  const usedIds = new Map<bigint, string>();
  for (const [i, name] of names.entries()) {
    const path = join(dir, name);
    const table = await readCsv(path);
    const first = contributions[0];
    if (first !== undefined && table.columns.join(",") !== first.table.columns.join(",")) {
      throw new DatasetError(path, "its header differs from the other contributions'", {
        line: 1,
        details: `expected "${first.table.columns.join(",")}" (as in ${first.name}), found "${table.columns.join(",")}"`,
      });
    }
    const contributionId = ids === undefined ? BigInt(i + 1) : ids.get(name);
    if (contributionId === undefined) {
      throw new DatasetError(path, "the contribution id map has no entry for this file", {
        details: `add "${basename(path)}" with its DataRegistry id to the --ids file`,
      });
    }
    const clash = usedIds.get(contributionId);
    if (clash !== undefined) {
      throw new DatasetError(path, `contribution id ${contributionId} is also given to ${clash}`, {
        details: "every file needs its own DataRegistry contribution id",
      });
    }
    usedIds.set(contributionId, name);
    contributions.push({ name, path, contributionId, commitment: datasetCommitment(table), table });
  }
  return contributions;
}
