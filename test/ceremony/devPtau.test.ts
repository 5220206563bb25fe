import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensurePtau } from "../../circuits/src/build/ptau.ts";
import { blake2bFile } from "../../circuits/src/ceremony/hash.ts";

const work = mkdtempSync(join(tmpdir(), "symbiote-dev-ptau-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the dev Powers of Tau", () => {
  it("is deterministic: two generations give the same file", async () => {
    const a = await ensurePtau(() => {}, 8, join(work, "a"));
    const b = await ensurePtau(() => {}, 8, join(work, "b"));
    expect(blake2bFile(a)).toBe(blake2bFile(b));
  });
});
