import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs bench/audit.ts with `args`; the refusals below come before any proving, so each run takes seconds. */
function runAuditBench(args: string[]) {
  return spawnSync(resolve(ROOT, "node_modules/.bin/tsx"), ["bench/audit.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run bench:audit options", () => {
  it("refuses a set size it has no case for, naming the sizes it has, before any proving", () => {
    const run = runAuditBench(["--rows", "256,100"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("--rows 100: choose from 32, 64, 256, 1024");
    expect(run.stderr).not.toContain("yardstick:");
  });

  it("refuses an unknown model before the set sizes", () => {
    const run = runAuditBench(["--model", "forest", "--rows", "32"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("--model forest: choose from classifier, classifier-baked, trees");
  });
});
