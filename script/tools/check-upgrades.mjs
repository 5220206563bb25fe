#!/usr/bin/env node
// Upgrade-safety gate for every UUPS contract in contracts/ (run by `npm run check:upgrades` and CI):
//  1. builds contracts/ alone with build info and storage layouts into a scratch folder;
//  2. `@openzeppelin/upgrades-core validate` on that build: fails on an unsafe upgradeable contract (constructor
//     state, selfdestruct, delegatecall, missing initializer, ...);
//  3. builds the baseline — the contracts as last deployed, named by commit in script/upgrades/baseline.json — and
//     validates each current contract against its baseline namesake: fails on a storage-layout break.
//
// Options: --root <dir> (project to check, default cwd), --baseline-dir <dir> (a source tree to use as the baseline
// instead of the commit in baseline.json; used by the tests).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const toolRoot = path.resolve(here, "../..");
const forge = path.join(toolRoot, "node_modules/.bin/forge");
const upgradesCli = path.join(toolRoot, "node_modules/@openzeppelin/upgrades-core/dist/cli/cli.js");

function option(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function fail(message) {
  console.error(`check:upgrades: ${message}`);
  process.exit(1);
}

/** Builds only contracts/ of `projectRoot` into `outDir` with build info (storage layouts come from foundry.toml). */
function buildContracts(projectRoot, outDir) {
  const result = spawnSync(
    forge,
    [
      "build",
      "contracts",
      "--root",
      projectRoot,
      "--out",
      path.join(outDir, "out"),
      "--cache-path",
      path.join(outDir, "cache"),
      "--build-info",
      "--extra-output",
      "storageLayout",
      "--skip",
      "test",
      "--skip",
      "script",
    ],
    { encoding: "utf8" },
  );
  if (result.status !== 0) fail(`forge build failed in ${projectRoot}:\n${result.stdout}\n${result.stderr}`);
  return path.join(outDir, "out", "build-info");
}

/** Names of the upgradeable (UUPS) contracts defined under contracts/, read from the build artifacts. */
function upgradeableContracts(outDir) {
  const names = [];
  const artifacts = path.join(outDir, "out");
  for (const folder of fs.readdirSync(artifacts)) {
    if (!folder.endsWith(".sol")) continue;
    for (const file of fs.readdirSync(path.join(artifacts, folder))) {
      const artifact = JSON.parse(fs.readFileSync(path.join(artifacts, folder, file), "utf8"));
      const source = Object.keys(artifact.metadata?.settings?.compilationTarget ?? {})[0] ?? "";
      const isUups = artifact.abi?.some((item) => item.type === "function" && item.name === "upgradeToAndCall");
      const isConcrete = (artifact.bytecode?.object ?? "0x").length > 2;
      if (source.startsWith("contracts/") && isUups && isConcrete) names.push(path.basename(file, ".json"));
    }
  }
  return [...new Set(names)].sort();
}

function validate(args) {
  const result = spawnSync(process.execPath, [upgradesCli, "validate", ...args], { encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Exports the baseline commit's sources into a temporary tree that reuses this checkout's node_modules. */
function checkoutBaseline(projectRoot, scratch) {
  const configFile = path.join(projectRoot, "script/upgrades/baseline.json");
  if (!fs.existsSync(configFile)) fail(`missing ${configFile}: it names the commit of the deployed contracts`);
  const { commit: named } = JSON.parse(fs.readFileSync(configFile, "utf8"));
  const commit = resolveBaselineCommit(projectRoot, named);
  const tree = path.join(scratch, "baseline-src");
  fs.mkdirSync(tree, { recursive: true });
  try {
    const archive = execFileSync("git", ["-C", projectRoot, "archive", commit, "contracts", "foundry.toml"], {
      maxBuffer: 256 * 1024 * 1024,
    });
    execFileSync("tar", ["-x", "-C", tree], { input: archive });
  } catch (error) {
    fail(
      `cannot read baseline commit ${commit} from git (${error.message.split("\n")[0]}). ` +
        "Fetch full history (git fetch --unshallow) or update script/upgrades/baseline.json.",
    );
  }
  return { tree, label: `commit ${commit}` };
}

/**
 * The named commit, or — when history was rewritten (a squash merge) and it is gone — the commit that introduced
 * baseline.json, with a warning: still a real comparison, against an older tree than intended.
 */
function resolveBaselineCommit(projectRoot, named) {
  const exists = spawnSync("git", ["-C", projectRoot, "cat-file", "-e", `${named}^{commit}`]).status === 0;
  if (exists) return named;
  const introduced = spawnSync(
    "git",
    ["-C", projectRoot, "log", "--diff-filter=A", "--format=%H", "--", "script/upgrades/baseline.json"],
    { encoding: "utf8" },
  )
    .stdout.trim()
    .split("\n")
    .filter(Boolean)
    .pop();
  if (!introduced) {
    fail(`baseline commit ${named} is not in this clone's history; fetch full history (git fetch --unshallow)`);
  }
  console.warn(`warning: baseline commit ${named} not found; using ${introduced}, which introduced baseline.json`);
  return introduced;
}

/** Rewrites exact `pragma solidity` pins in `dir` to `version`: storage layout does not depend on the compiler patch. */
function repinPragmas(dir, version) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) repinPragmas(full, version);
    else if (entry.name.endsWith(".sol")) {
      const source = fs.readFileSync(full, "utf8");
      fs.writeFileSync(full, source.replace(/pragma solidity \d+\.\d+\.\d+;/, `pragma solidity ${version};`));
    }
  }
}

function prepareTree(tree) {
  // The baseline tree compiles with this checkout's toolchain and libraries, even if it was pinned to an older solc.
  const compilerVersion = JSON.parse(
    fs.readFileSync(path.join(toolRoot, "node_modules/solc/package.json"), "utf8"),
  ).version;
  repinPragmas(path.join(tree, "contracts"), compilerVersion);
  fs.mkdirSync(path.join(tree, "script/tools"), { recursive: true });
  fs.copyFileSync(path.join(toolRoot, "script/tools/solc.cjs"), path.join(tree, "script/tools/solc.cjs"));
  fs.chmodSync(path.join(tree, "script/tools/solc.cjs"), 0o755);
  if (!fs.existsSync(path.join(tree, "node_modules"))) {
    fs.symlinkSync(path.join(toolRoot, "node_modules"), path.join(tree, "node_modules"), "dir");
  }
}

function main() {
  const projectRoot = path.resolve(option("--root") ?? process.cwd());
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "symbiote-upgrades-"));
  try {
    console.log("Building contracts/ with storage layouts...");
    const currentOut = path.join(scratch, "current");
    const currentBuildInfo = buildContracts(projectRoot, currentOut);
    const current = upgradeableContracts(currentOut);

    console.log(`Validating upgrade safety of ${current.length} contracts...`);
    const safety = validate([currentBuildInfo, "--exclude", "node_modules/**"]);
    console.log(safety.output.trim());
    if (!safety.ok) fail("an upgradeable contract is unsafe (see above)");

    const baselineDir = option("--baseline-dir");
    const baseline = baselineDir
      ? { tree: path.resolve(baselineDir), label: baselineDir }
      : checkoutBaseline(projectRoot, scratch);
    prepareTree(baseline.tree);
    console.log(`Building the baseline (${baseline.label})...`);
    const baselineOut = path.join(scratch, "baseline");
    buildContracts(baseline.tree, baselineOut);
    const previous = new Set(upgradeableContracts(baselineOut));
    // upgrades-core names a reference directory by its folder name: `baseline:<Contract>` needs a folder "baseline".
    const referenceDir = path.join(scratch, "refs", "baseline");
    fs.mkdirSync(path.dirname(referenceDir), { recursive: true });
    fs.renameSync(path.join(baselineOut, "out", "build-info"), referenceDir);

    const broken = [];
    for (const name of current) {
      if (!previous.has(name)) {
        console.log(`  ${name}: new since the baseline, no layout to compare`);
        continue;
      }
      const result = validate([
        currentBuildInfo,
        "--contract",
        name,
        "--reference",
        `baseline:${name}`,
        "--referenceBuildInfoDirs",
        referenceDir,
      ]);
      if (result.ok) console.log(`  ${name}: storage layout compatible with the baseline`);
      else broken.push(`${name}\n${result.output.trim()}`);
    }
    if (broken.length > 0) fail(`storage layout break:\n${broken.join("\n\n")}`);
    console.log("check:upgrades passed");
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main();
