import { keccak256, stringToBytes } from "viem";
import { describe, expect, it } from "vitest";
import { datasetCommitment, encodeCanonical, formatCanonicalNumber } from "../../trainer/src/data/canonical.ts";
import { parseCsv } from "../../trainer/src/data/csv.ts";
import { DatasetError } from "../../trainer/src/data/errors.ts";

describe("formatCanonicalNumber()", () => {
  it.each([
    [2, "2"],
    [1.5, "1.5"],
    [-0.25, "-0.25"],
    [0.1 + 0.2, "0.3"],
    [1e-7, "0"],
    [-1e-7, "0"],
    [123456.0000004, "123456"],
    [1.0000005, "1.000001"],
    [1e-6, "0.000001"],
    [1e14, "100000000000000"],
  ])("formats %d as %s", (value, text) => {
    expect(formatCanonicalNumber(value)).toBe(text);
  });

  it("refuses values it cannot encode exactly", () => {
    expect(() => formatCanonicalNumber(Number.NaN)).toThrow(DatasetError);
    expect(() => formatCanonicalNumber(1e15)).toThrow(/cannot be encoded/);
  });
});

describe("canonical encoding and datasetCommitment()", () => {
  const canonical = "a,b,label\n1,-2.5,0\n0.333333,4,1\n";

  it("hashes the canonical bytes: header, values, \\n line ends, final newline", () => {
    const table = parseCsv(canonical, "mem");
    expect(encodeCanonical(table)).toBe(canonical);
    expect(datasetCommitment(table)).toBe(keccak256(stringToBytes(canonical)));
  });

  it("gives the same commitment to a file that differs only in layout or formatting", () => {
    const messy = "\uFEFFa, b ,label\r\n1.000, -2.50 ,0\r\n0.3333331,4e0,+1\r\n\r\n";
    expect(datasetCommitment(parseCsv(messy, "mem"))).toBe(datasetCommitment(parseCsv(canonical, "mem")));
  });

  it("changes the commitment when a value, the column order or the row order changes", () => {
    const base = datasetCommitment(parseCsv(canonical, "mem"));
    expect(datasetCommitment(parseCsv("a,b,label\n1,-2.5,1\n0.333333,4,1\n", "mem"))).not.toBe(base);
    expect(datasetCommitment(parseCsv("b,a,label\n-2.5,1,0\n4,0.333333,1\n", "mem"))).not.toBe(base);
    expect(datasetCommitment(parseCsv("a,b,label\n0.333333,4,1\n1,-2.5,0\n", "mem"))).not.toBe(base);
  });
});

describe("parseCsv() refuses bad input with a DatasetError saying what to fix", () => {
  const cases: [string, string, RegExp, number | undefined][] = [
    ["an empty file", "", /the file is empty/, undefined],
    ["a blank file", "\n\n  \n", /the file is empty/, undefined],
    ["a header without rows", "a,b\n", /no data rows/, undefined],
    ["a non-numeric value", "a,b\n1,2\n3,abc\n", /value "abc" in column "b" is not a finite number/, 3],
    ["an empty value", "a,b\n1,\n", /value "" in column "b"/, 2],
    ["NaN", "a,b\n1,NaN\n", /not a finite number/, 2],
    ["Infinity", "a,b\nInfinity,1\n", /not a finite number/, 2],
    ["a hex value", "a,b\n0x10,1\n", /not a finite number/, 2],
    ["a short row", "a,b,c\n1,2,3\n4,5\n", /row has 2 values but the header has 3 columns/, 3],
    ["a long row", "a,b\n1,2,3\n", /row has 3 values/, 2],
    ["a duplicate column", "a,b,a\n1,2,3\n", /column "a" appears twice/, 1],
    ["a column name with a space", "a,my col\n1,2\n", /column name "my col" is not a plain identifier/, 1],
    ["an empty column name", "a,,c\n1,2,3\n", /column name "" is not a plain identifier/, 1],
    ["an out-of-range value", "a\n1e20\n", /out of range/, 2],
  ];

  it.each(cases)("%s", (_, text, message, line) => {
    let caught: unknown;
    try {
      parseCsv(text, "contrib.csv");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatasetError);
    const error = caught as DatasetError;
    expect(error.message).toMatch(message);
    expect(error.source).toBe("contrib.csv");
    expect(error.line).toBe(line);
    // Every message carries a hint on what to do next.
    expect(error.details ?? "").not.toBe("");
  });
});
