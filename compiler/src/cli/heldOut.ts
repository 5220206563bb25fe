import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { UsageError } from "./args.ts";

type Rows = number[][];

function rowsOf(value: unknown, where: string): Rows {
  const rows = Array.isArray(value) ? value : (value as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((v) => typeof v === "number"))) {
    throw new UsageError(`${where} holds no rows of numbers.`, 'Give {"inputs": [[...], ...]} or an array of rows.');
  }
  return rows as Rows;
}

/**
 * Held-out rows from `--heldout <file>[#key]`, or by default from heldout.json beside the model under the model's
 * file name (the compiler fixtures' layout). Undefined when there is none.
 */
export function readHeldOutRows(modelPath: string, option: string | undefined): Rows | undefined {
  let file: string;
  let key: string | undefined;
  if (option) {
    [file, key] = option.split("#") as [string, string | undefined];
  } else {
    file = resolve(dirname(modelPath), "heldout.json");
    key = basename(modelPath, extname(modelPath));
    if (!existsSync(file)) return undefined;
    const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    return key in all ? rowsOf(all[key], `${file}#${key}`) : undefined;
  }
  if (!existsSync(file)) throw new UsageError(`--heldout ${file}: no such file.`);
  const json = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (key === undefined) return rowsOf(json, file);
  const picked = (json as Record<string, unknown>)[key];
  if (picked === undefined) throw new UsageError(`--heldout ${file}#${key}: no key "${key}".`);
  return rowsOf(picked, `${file}#${key}`);
}
