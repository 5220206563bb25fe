import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { canonicalValue, encodeCanonical, type Table } from "./canonical.ts";
import { DatasetError } from "./errors.ts";

/** Column names are plain identifiers so the header needs no quoting and survives every spreadsheet tool. */
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A plain decimal number, optionally signed, optionally with an exponent: no hex, no `Infinity`, no `NaN`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses numeric CSV text. Lenient on layout (CRLF line ends, spaces around values, a missing final newline, blank
 * trailing lines), strict on content: every value must be a finite decimal number and every row as wide as the
 * header. Values come back canonically rounded (see `canonical.ts`), so what is trained on is exactly what the
 * dataset commitment covers.
 *
 * @param source file path or label used in error messages.
 * @throws {DatasetError} empty text, no data rows, bad or duplicate column name, wrong row width, non-numeric value.
 */
export function parseCsv(text: string, source: string): Table {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === "") lines.pop();
  if (lines.length === 0) {
    throw new DatasetError(source, "the file is empty", {
      details: "a dataset needs a header line of column names followed by at least one row of numbers",
    });
  }

  const columns = (lines[0] as string).split(",").map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of columns) {
    if (!COLUMN_NAME.test(name)) {
      throw new DatasetError(source, `column name "${name}" is not a plain identifier`, {
        line: 1,
        details: "rename it to letters, digits and underscores, starting with a letter or underscore",
      });
    }
    if (seen.has(name)) {
      throw new DatasetError(source, `column "${name}" appears twice in the header`, {
        line: 1,
        details: "every column needs a distinct name; rename or drop the duplicate",
      });
    }
    seen.add(name);
  }
  if (lines.length === 1) {
    throw new DatasetError(source, "the file has a header but no data rows", {
      details: "add at least one row of values or leave this contribution out",
    });
  }

  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const fields = (lines[i] as string).split(",");
    if (fields.length !== columns.length) {
      throw new DatasetError(source, `row has ${fields.length} values but the header has ${columns.length} columns`, {
        line: lineNo,
        details: `header: ${columns.join(",")}; fix the row so it has one value per column`,
      });
    }
    const row: number[] = [];
    for (let c = 0; c < fields.length; c++) {
      const raw = (fields[c] as string).trim();
      const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(value)) {
        throw new DatasetError(source, `value "${raw}" in column "${columns[c]}" is not a finite number`, {
          line: lineNo,
          details: "every value must be a plain decimal number (categories as integers); fix or remove the row",
        });
      }
      try {
        row.push(canonicalValue(value));
      } catch (cause) {
        throw new DatasetError(source, `value "${raw}" in column "${columns[c]}" is out of range`, {
          line: lineNo,
          details: "values must have magnitude below 1e15; rescale the column",
          cause,
        });
      }
    }
    rows.push(row);
  }
  return { columns, rows };
}

/**
 * Reads and parses a CSV file.
 *
 * @throws {DatasetError} the file cannot be read, or its content is invalid (see {@link parseCsv}).
 */
export async function readCsv(path: string): Promise<Table> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new DatasetError(path, "the file cannot be read", {
      details: "check that the path exists and is a readable file",
      cause,
    });
  }
  return parseCsv(text, path);
}

/**
 * Writes a table in its canonical encoding, so the file's own keccak256 is its dataset commitment. The bytes go to
 * a temporary file renamed into place: a reader never sees a half-written dataset.
 */
export async function writeCsv(path: string, table: Table): Promise<void> {
  const text = encodeCanonical(table);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, "utf8");
  await rename(tmp, path);
}
