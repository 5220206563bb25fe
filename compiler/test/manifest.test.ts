import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_NAMES, FIXTURES } from "./fixtures.ts";

const manifest = JSON.parse(readFileSync(join(FIXTURES, "MANIFEST.json"), "utf8")) as {
  python: string;
  packages: Record<string, string>;
  sha256: Record<string, string>;
};

describe("fixture MANIFEST", () => {
  it("records the sha256 of every fixture file, and each file still has that hash", () => {
    const onDisk = readdirSync(FIXTURES).filter((f) => f !== "MANIFEST.json" && f !== "README.md");
    expect(Object.keys(manifest.sha256).sort()).toEqual(onDisk.sort());
    for (const [file, hash] of Object.entries(manifest.sha256)) {
      expect(
        createHash("sha256")
          .update(readFileSync(join(FIXTURES, file)))
          .digest("hex"),
        file,
      ).toBe(hash);
    }
  });

  it("covers every model the tests import and pins the versions of requirements.txt", () => {
    for (const name of FIXTURE_NAMES) expect(manifest.sha256[`${name}.onnx`]).toMatch(/^[0-9a-f]{64}$/);
    const pinned = Object.fromEntries(
      readFileSync(join(FIXTURES, "requirements.txt"), "utf8")
        .trim()
        .split("\n")
        .map((l) => l.split("==") as [string, string]),
    );
    for (const [pkg, version] of Object.entries(manifest.packages)) expect(pinned[pkg], pkg).toBe(version);
  });
});
