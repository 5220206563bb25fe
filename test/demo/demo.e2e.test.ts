/**
 * `npm run demo` as CI runs it: the real script in a child process, from anvil to the audit trail. It must finish
 * with exit code 0 and the outcomes each journey is about, and leave nothing behind: no process started under it (found
 * by an environment marker every descendant inherits), no open port, no deployment file, no work folder. A second run
 * is interrupted with SIGINT, and a third with SIGTERM, once the nodes are up: each must clean up the same way,
 * the applicant's private input included.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPortFree } from "@symbiote/devnet";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import type { DemoSummary } from "../../script/demo/summary.ts";

const MARKER = "SYMBIOTE_DEMO_TEST_RUN";
const dir = mkdtempSync(join(tmpdir(), "symbiote-demo-test-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { child: ChildProcess; output: () => string; exit: Promise<number | null>; marker: string };

/** Starts `tsx script/demo/run.ts --summary <file>` with a fresh marker in its environment. */
function startDemo(summaryPath: string): Run {
  const marker = randomUUID();
  const child = spawn(process.execPath, ["--import", "tsx", "script/demo/run.ts", "--summary", summaryPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, [MARKER]: marker },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, output: () => output, exit, marker };
}

/** Processes whose environment carries `marker`: anything the demo started that is still alive. */
function processesWithMarker(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "utf8").includes(`${MARKER}=${marker}`)) {
        found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ")}`);
      }
    } catch {
      // gone meanwhile, or another user's
    }
  }
  return found;
}

/** Everything a run may leave behind, checked after it exited. */
async function expectNothingLeft(run: Run, summary: DemoSummary): Promise<void> {
  const left = processesWithMarker(run.marker);
  if (left.length > 0) console.error(run.output());
  expect(left).toEqual([]);
  const ports = [summary.processes.anvil?.port, ...summary.processes.nodes.map((n) => n.metricsPort)];
  for (const port of ports.filter((p): p is number => p !== undefined)) expect(await isPortFree(port)).toBe(true);
  if (summary.deploymentFile) {
    expect(existsSync(summary.deploymentFile)).toBe(false);
    expect(existsSync(summary.deploymentFile.replace(/\.json$/, ".mocks.json"))).toBe(false);
  }
  if (summary.workDir) expect(existsSync(summary.workDir)).toBe(false);
}

function readSummary(path: string): DemoSummary {
  return JSON.parse(readFileSync(path, "utf8")) as DemoSummary;
}

describe("npm run demo", () => {
  it("walks through every journey, exits 0 and leaves nothing behind", async () => {
    const summaryPath = join(dir, "summary.json");
    const run = startDemo(summaryPath);
    const code = await run.exit;
    if (code !== 0) console.error(run.output());
    expect(code).toBe(0);
    const summary = readSummary(summaryPath);
    expect(summary.ok).toBe(true);
    expect(summary.error).toBeUndefined();

    // 1. the lender's request on committed data: proven by the applicant's node (B), rejected by the biased version
    const credit = summary.credit;
    expect(credit?.circuit).toBe("classifier16-committed");
    expect(credit?.node).toBe("node B");
    expect(credit?.version).toBe(1);
    expect(credit?.decision).toBe("rejected");
    expect(credit?.matchesReference).toBe(true);
    expect(credit?.topContributions).toHaveLength(3);
    expect(credit?.verifyingTransaction).toMatch(/^0x[0-9a-f]{64}$/);

    // 2. the vault's allocation follows the proven class (MarketSignalVault.allocationByClass)
    const signal = summary.marketSignal;
    expect(signal?.circuit).toBe("mlp16x32x4-public");
    expect(signal?.matchesReference).toBe(true);
    expect(signal?.riskAllocationBps).toBe([0, 2500, 7500, 10_000][signal?.class ?? -1]);

    // 3. three distinct items, best first
    const recs = summary.recommendations;
    expect(recs?.circuit).toBe("recommender16x32-public");
    expect(recs?.matchesReference).toBe(true);
    expect(new Set(recs?.items).size).toBe(3);
    expect(recs?.scores).toEqual([...(recs?.scores ?? [])].sort((a, b) => b - a));

    // 4. the proposal went all the way; the flagged version is refused; the corrected one serves and approves
    const gov = summary.governance;
    expect(gov?.states).toEqual(["Pending", "Active", "Succeeded", "Queued", "Executed"]);
    // the flag cited a proven audit; the corrected version's proven audit on the same rows narrows the gap
    const audits = gov?.audits;
    expect(Number(audits?.auditSetId)).toBeGreaterThan(0);
    expect(audits?.flagged.version).toBe(1);
    expect(audits?.corrected.version).toBe(2);
    expect(audits?.corrected.rows).toEqual(audits?.flagged.rows);
    const gap = (dp: string | undefined) => Math.abs(Number(dp?.split("/")[0]) / Number(dp?.split("/")[1]));
    expect(gap(audits?.flagged.demographicParityDifference)).toBeGreaterThan(0.1);
    expect(gap(audits?.corrected.demographicParityDifference)).toBeLessThan(
      gap(audits?.flagged.demographicParityDifference),
    );
    expect(gov?.refusal).toMatch(/^RegistryVersionFlagged\(\d+, 1, "/);
    expect(gov?.corrected.version).toBe(2);
    expect(gov?.corrected.modelId).toBe(credit?.modelId);
    expect(gov?.corrected.decision).toBe("approved");
    expect(gov?.corrected.matchesReference).toBe(true);

    // 5. every contributor with a positive weight was paid from every version it trained; dave (noise) was not
    const claims = summary.rewards?.claims ?? [];
    expect(claims.length).toBe(3 + 3 + 3 + 3);
    for (const claim of claims) expect(BigInt(claim.amount)).toBeGreaterThan(0n);
    expect(new Set(claims.map((c) => c.contributor))).toEqual(
      new Set(["alice", "bob", "carol", "feed-a", "feed-b", "feed-c", "shop-a", "shop-b", "shop-c"]),
    );
    expect(summary.rewards?.nothingToClaim.map((n) => n.contributor)).toEqual(["dave", "dave"]);

    // the audit trail printed by the operator's CLI
    expect(summary.auditTrail?.status).toBe("Fulfilled");
    expect(summary.auditTrail?.requestId).toBe(gov?.corrected.requestId);
    expect(run.output()).toContain('"verifyingTransaction"');

    await expectNothingLeft(run, summary);
  }, 900_000);

  // 128 + the signal's number, as shells report a process stopped by it
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "stops every process and removes every file it wrote, the private input included, on %s",
    async (signal, exitCode) => {
      const summaryPath = join(dir, `interrupted-${signal}.json`);
      const run = startDemo(summaryPath);
      const started = Date.now();
      // the first journey's heading: setup is done, both nodes run, and the summary knows every process
      while (!/A lender asks for a credit decision/.test(run.output())) {
        if (run.child.exitCode !== null) throw new Error(`the demo exited before its nodes started:\n${run.output()}`);
        if (Date.now() - started > 600_000) throw new Error(`the nodes did not start:\n${run.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const privateInput = /the applicant's private input: (\S+)/.exec(run.output())?.[1];
      expect(privateInput, "the demo names the file holding the applicant's private input").toBeDefined();
      expect(existsSync(privateInput as string)).toBe(true);
      run.child.kill(signal);
      const code = await run.exit;
      if (code !== exitCode) console.error(run.output());
      expect(code).toBe(exitCode);
      const summary = readSummary(summaryPath);
      expect(summary.ok).toBe(false);
      expect(summary.error).toBe(`interrupted by ${signal}`);
      expect(summary.processes.nodes).toHaveLength(2);
      expect(existsSync(privateInput as string)).toBe(false);
      await expectNothingLeft(run, summary);
    },
    900_000,
  );
});
