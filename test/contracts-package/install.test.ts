/**
 * The Solidity integrator's journey (README, "Solidity integrators"): `@symbiote/contracts`, packed from contracts/,
 * installs from its tarball into a forge project of its own outside the repository (no repository sources, no
 * repository node_modules), and the README's consumer compiles there against it with the remappings the README
 * documents: with the project's solc (0.8.30) and with solc 0.8.20, the oldest the package's pragma admits. Only
 * forge and the solc front script (script/tools/solc.cjs) come from the repository.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { toFunctionSelector } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");
const FORGE = resolve(REPO, "node_modules/.bin/forge");
/** What every published file declares, and what every other hand-written contract keeps. */
const PACKAGE_PRAGMA = "pragma solidity ^0.8.20;";
const IMPLEMENTATION_PRAGMA = "pragma solidity 0.8.30;";
/** The oldest compiler PACKAGE_PRAGMA admits: the package must build with it. */
const OLDEST_SOLC = "0.8.20";
const CALLBACK = "onInferenceResult(uint256,uint256[])";

const repoPackage = JSON.parse(readFileSync(resolve(REPO, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};

/** The fenced code blocks of a markdown text in a language, in order. */
function codeBlocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string);
}

/** The text under a `### heading`, up to the next heading of level 2 or 3. */
function subsection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`README has no "### ${heading}" section`);
  const end = markdown.slice(start + 1).search(/\n#{2,3} /);
  return markdown.slice(start, end < 0 ? undefined : start + 1 + end);
}

/** Runs a command to completion; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 300_000 });
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` in ${cwd} exited with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

// `npm test` runs vitest under npm, whose package and prefix variables would point an npm started here back at the
// repository; FOUNDRY_* settings (CI's profile) belong to the repository's foundry.toml, not the integrator's.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_command$|FOUNDRY_)/i.test(key),
  ),
);

interface Artifact {
  methodIdentifiers: Record<string, string>;
  bytecode: { object: string };
  metadata: { compiler: { version: string }; sources: Record<string, unknown> };
}

const readme = readFileSync(resolve(REPO, "README.md"), "utf8");
const integrators = subsection(readme, "Solidity integrators");

let project: string;
let published: string[];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "symbiote-integrator-"));
  const [packed] = JSON.parse(
    run("npm", ["pack", "./contracts", "--pack-destination", project, "--json"], REPO, cleanEnv),
  ) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error("npm pack ./contracts reported no tarball");
  published = packed.files.map((f) => f.path).filter((path) => path.endsWith(".sol"));

  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "loan-desk", private: true }));
  const openZeppelin = repoPackage.devDependencies["@openzeppelin/contracts"];
  run(
    "npm",
    [
      "install",
      `./${packed.filename}`,
      `@openzeppelin/contracts@${openZeppelin}`,
      `solc@${OLDEST_SOLC}`,
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
    ],
    project,
    cleanEnv,
  );

  // the remappings exactly as the README gives them
  const [remappings] = codeBlocks(integrators, "text");
  if (!remappings) throw new Error('README\'s "Solidity integrators" gives no remappings (a ```text block)');
  writeFileSync(join(project, "remappings.txt"), remappings);
  // the oldest compiler: the repository's front script beside the solc-js installed here, which it requires
  mkdirSync(join(project, "tools"));
  copyFileSync(resolve(REPO, "script/tools/solc.cjs"), join(project, "tools/solc.cjs"));
  writeFileSync(
    join(project, "foundry.toml"),
    [
      "[profile.default]",
      'src = "src"',
      'libs = ["node_modules"]',
      `solc = "${resolve(REPO, "script/tools/solc.cjs")}"`,
      "offline = true",
      'evm_version = "cancun"',
      "",
      "[profile.oldest]",
      'solc = "tools/solc.cjs"',
      // 0.8.20 predates cancun
      'evm_version = "shanghai"',
      'out = "out-oldest"',
      'cache_path = "cache-oldest"',
      "",
    ].join("\n"),
  );

  mkdirSync(join(project, "src"));
  const [consumer] = codeBlocks(integrators, "solidity");
  if (!consumer) throw new Error('README\'s "Solidity integrators" has no Solidity example');
  writeFileSync(join(project, "src/LoanDesk.sol"), consumer);
  const [packageExample] = codeBlocks(readFileSync(resolve(REPO, "contracts/README.md"), "utf8"), "solidity");
  if (!packageExample) throw new Error("contracts/README.md has no Solidity example");
  writeFileSync(join(project, "src/PackageReadme.sol"), packageExample);
  // every published file, so each one is compiled by both compilers, whether the examples use it or not
  writeFileSync(
    join(project, "src/Published.sol"),
    `// SPDX-License-Identifier: MIT\n${PACKAGE_PRAGMA}\n\n${published
      .map((path) => `import "@symbiote/contracts/${path}";\n`)
      .join("")}`,
  );
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Builds the integrator's project with a profile of its foundry.toml and reads the README consumer's artifact. */
function build(profile: string, out: string): Artifact {
  run(FORGE, ["build"], project, { ...cleanEnv, FOUNDRY_PROFILE: profile });
  return JSON.parse(readFileSync(join(project, out, "LoanDesk.sol/LoanDesk.json"), "utf8")) as Artifact;
}

describe("@symbiote/contracts", () => {
  it("publishes every interface, the consumer base and the decoders, admitting ^0.8.20, and no implementation", () => {
    const interfaces = readdirSync(resolve(REPO, "contracts/interfaces")).filter((f) => f.endsWith(".sol"));
    expect(published).toEqual(
      expect.arrayContaining([
        ...interfaces.map((f) => `interfaces/${f}`),
        "consumers/InferenceConsumer.sol",
        "consumers/InferenceOutputs.sol",
      ]),
    );
    for (const path of published) {
      expect(path).toMatch(/^(interfaces|consumers|libraries)\//);
      expect(readFileSync(resolve(REPO, "contracts", path), "utf8"), path).toContain(PACKAGE_PRAGMA);
    }
    // the rest stays on the one compiler it is tested and deployed with (the verifiers are generated; see circuits/)
    const implementation = readdirSync(resolve(REPO, "contracts"), { recursive: true, encoding: "utf8" })
      .filter((path) => path.endsWith(".sol") && !path.startsWith("verifiers/"))
      .filter((path) => !published.includes(path));
    expect(implementation.length).toBeGreaterThan(20);
    for (const path of implementation) {
      expect(readFileSync(resolve(REPO, "contracts", path), "utf8"), path).toContain(IMPLEMENTATION_PRAGMA);
    }
  });

  it("compiles the README's consumer in a project of its own, from the installed package, with solc 0.8.30", () => {
    expect(relative(REPO, project).startsWith("..")).toBe(true);
    const desk = build("default", "out");
    expect(desk.metadata.compiler.version).toMatch(/^0\.8\.30\+/);
    expect(desk.methodIdentifiers[CALLBACK]).toBe(toFunctionSelector(`function ${CALLBACK}`).slice(2));
    expect(desk.bytecode.object.length).toBeGreaterThan(1000);
    // the base came from node_modules/@symbiote/contracts, not from the repository
    expect(Object.keys(desk.metadata.sources)).toContain(
      "node_modules/@symbiote/contracts/consumers/InferenceConsumer.sol",
    );
  }, 120_000);

  it(`compiles it, the package README's example and every published file with solc ${OLDEST_SOLC}`, () => {
    const desk = build("oldest", "out-oldest");
    expect(desk.metadata.compiler.version).toMatch(new RegExp(`^${OLDEST_SOLC.replaceAll(".", "\\.")}\\+`));
    expect(desk.methodIdentifiers[CALLBACK]).toBe(toFunctionSelector(`function ${CALLBACK}`).slice(2));
    const latest = JSON.parse(
      readFileSync(join(project, "out-oldest/PackageReadme.sol/LatestDecision.json"), "utf8"),
    ) as Artifact;
    expect(latest.methodIdentifiers[CALLBACK]).toBeDefined();
  }, 120_000);
});
