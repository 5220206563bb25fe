import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const script = path.join(repoRoot, "script/tools/check-upgrades.mjs");
const vaultSource = "contracts/staking/StakingVault.sol";
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "check-upgrades-test-"));
/** Each case compiles every contract with solc-js (the verifiers alone are thousands of lines): about two minutes on a
 * loaded two-core machine, so the suite's default timeout is too tight. Not a performance target. */
const COMPILE_TIMEOUT_MS = 600_000;

/** Copies the compilable part of the repository into a fresh folder so that one file can be altered. */
function copyProject(name: string): string {
  const root = path.join(scratch, name);
  fs.mkdirSync(root, { recursive: true });
  fs.cpSync(path.join(repoRoot, "contracts"), path.join(root, "contracts"), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, "foundry.toml"), path.join(root, "foundry.toml"));
  fs.cpSync(path.join(repoRoot, "script/tools"), path.join(root, "script/tools"), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  return root;
}

function editVault(root: string, from: string, to: string) {
  const file = path.join(root, vaultSource);
  const source = fs.readFileSync(file, "utf8");
  expect(source).toContain(from);
  fs.writeFileSync(file, source.replace(from, to));
}

function check(root: string, baseline: string) {
  const result = spawnSync(process.execPath, [script, "--root", root, "--baseline-dir", baseline], {
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("check:upgrades", () => {
  const baseline = copyProject("baseline");
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it(
    "passes an unchanged tree",
    () => {
      const result = check(copyProject("unchanged"), baseline);
      expect(result.output).toContain("StakingVault: storage layout compatible with the baseline");
      expect(result.status).toBe(0);
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "fails when a namespaced storage field moves",
    () => {
      const root = copyProject("reordered");
      // Swapping two fields of the ERC-7201 struct shifts every later slot: a classic upgrade corruption.
      editVault(
        root,
        "        uint256 totalActive;\n        uint256 totalCooldown;",
        "        uint256 totalCooldown;\n        uint256 totalActive;",
      );
      const result = check(root, baseline);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain("storage layout break");
      expect(result.output).toContain("StakingVault");
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    "fails on an unsafe upgradeable contract",
    () => {
      const root = copyProject("unsafe");
      // A state variable's initial value is written by the implementation's constructor, never in the proxy.
      editVault(
        root,
        "    /// @custom:oz-upgrades-unsafe-allow constructor",
        "    uint256 private _unsafeDefault = 1;\n\n    /// @custom:oz-upgrades-unsafe-allow constructor",
      );
      const result = check(root, baseline);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain("is unsafe");
    },
    COMPILE_TIMEOUT_MS,
  );
});
