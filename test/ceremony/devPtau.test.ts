import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { curves, powersOfTau } from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEV_BEACON,
  DEV_BEACON_ITERATIONS_EXP,
  DEV_PTAU_MAX_POWER,
  ensurePtau,
} from "../../circuits/src/build/ptau.ts";
import { beaconKeyOfFreshAccumulator, preparePhase2WithKey } from "../../circuits/src/build/ptauLagrange.ts";
import { blake2bFile } from "../../circuits/src/ceremony/hash.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const work = mkdtempSync(join(tmpdir(), "symbiote-dev-ptau-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the dev Powers of Tau", () => {
  it("is deterministic: two generations give the same file", async () => {
    const a = await ensurePtau(() => {}, 8, join(work, "a"));
    const b = await ensurePtau(() => {}, 8, join(work, "b"));
    expect(blake2bFile(a)).toBe(blake2bFile(b));
  });

  // The known-key preparation must be snarkjs's preparePhase2, byte for byte: every dev key was made over its output.
  it.each([1, 6, 9])("at 2^%i, phase 2 prepared from the beacon key equals snarkjs's preparePhase2", async (power) => {
    const dir = join(work, `p${power}`);
    mkdirSync(dir);
    const curve = await curves.getCurveFromName("bn128");
    await powersOfTau.newAccumulator(curve, power, join(dir, "0.ptau"));
    await powersOfTau.beacon(join(dir, "0.ptau"), join(dir, "b.ptau"), "b", DEV_BEACON, DEV_BEACON_ITERATIONS_EXP);
    await powersOfTau.preparePhase2(join(dir, "b.ptau"), join(dir, "snarkjs.ptau"));
    const key = await beaconKeyOfFreshAccumulator(power, DEV_BEACON, DEV_BEACON_ITERATIONS_EXP);
    await preparePhase2WithKey(join(dir, "b.ptau"), join(dir, "known-key.ptau"), key);
    expect(blake2bFile(join(dir, "known-key.ptau"))).toBe(blake2bFile(join(dir, "snarkjs.ptau")));
  });

  it("refuses another beacon's key: the file would not be the one the contribution made", async () => {
    const dir = join(work, "wrong");
    mkdirSync(dir);
    const curve = await curves.getCurveFromName("bn128");
    await powersOfTau.newAccumulator(curve, 5, join(dir, "0.ptau"));
    await powersOfTau.beacon(join(dir, "0.ptau"), join(dir, "b.ptau"), "b", DEV_BEACON, DEV_BEACON_ITERATIONS_EXP);
    await powersOfTau.preparePhase2(join(dir, "b.ptau"), join(dir, "snarkjs.ptau"));
    const other = await beaconKeyOfFreshAccumulator(5, "00".repeat(32), DEV_BEACON_ITERATIONS_EXP);
    await expect(preparePhase2WithKey(join(dir, "b.ptau"), join(dir, "other.ptau"), other)).rejects.toThrow(/key/);
  });

  it("npm run circuits:ptau refuses a power outside the dev range, and makes none", async () => {
    const out = join(work, "cli");
    const run = spawnSync(
      join(REPO_ROOT, "node_modules/.bin/tsx"),
      ["circuits/src/build/ptauCli.ts", String(DEV_PTAU_MAX_POWER + 1), "--dir", out],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${DEV_PTAU_MAX_POWER + 1}: not a power in 1…${DEV_PTAU_MAX_POWER}`));
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a power outside the dev range", async () => {
    await expect(ensurePtau(() => {}, DEV_PTAU_MAX_POWER + 1, join(work, "big"))).rejects.toThrow(RangeError);
  });
});
