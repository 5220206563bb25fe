/**
 * No browser code imports node code: the explorer's bundle is what its entry (explorer/src/main.tsx) reaches at run
 * time, and none of it may import a Node.js built-in (node:fs, path …) or a package the browser does not get. A
 * module of oracle/src is allowed only while it stays browser-safe itself, so moving a node import into one the
 * explorer uses fails here, with the chain of imports that reaches it.
 */
import { execFileSync } from "node:child_process";
import { builtinModules } from "node:module";
import { relative as relativePath, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { boundaryViolations } from "./helpers/boundaries.ts";
import { importChain, importGraph, runtimeSpecifiers, WORKSPACE_PACKAGES } from "./helpers/importGraph.ts";

const ENTRY = resolve(REPO_ROOT, "explorer/src/main.tsx");
/** The packages the page is built from; anything else needs a conscious decision (and a browser build). */
const BROWSER_PACKAGES = ["react", "react-dom", "viem"];

const packageOf = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string);
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(packageOf(specifier));

/** Every runtime import reachable from `entry` that a browser bundle must not have, with how it is reached. */
function forbiddenImports(entry: string, packages: readonly string[] = BROWSER_PACKAGES): string[] {
  const graph = importGraph(entry);
  const out: string[] = [];
  for (const edge of graph.edges) {
    const relative = edge.specifier.startsWith(".") || edge.specifier.startsWith("/");
    const via = importChain(graph, edge.from, REPO_ROOT);
    if (relative && !edge.resolved) out.push(`${via} imports ${edge.specifier}, which resolves to no file`);
    else if (!relative && isNodeBuiltin(edge.specifier))
      out.push(`${via} imports the Node.js module ${edge.specifier}`);
    // a workspace package is walked into (its own imports are checked), not refused
    else if (!relative && !edge.resolved && !packages.includes(packageOf(edge.specifier))) {
      out.push(`${via} imports the package ${edge.specifier}, not one of the page's (${packages.join(", ")})`);
    }
  }
  return out;
}

describe("explorer layering", () => {
  it("the browser bundle reaches no Node.js module and no package but react, react-dom and viem", () => {
    const graph = importGraph(ENTRY);
    // the walk really reaches the pages and the shared oracle code they reuse
    expect(graph.files.map((f) => f.slice(REPO_ROOT.length + 1))).toEqual(
      expect.arrayContaining([
        "explorer/src/pages/DecisionPage.tsx",
        "explorer/src/chain/modelCard.ts",
        "sdk/src/cards/cardAddress.ts",
        "sdk/src/abis.ts",
        "sdk/src/index.ts",
        // the circuits' reader of published trees, through its browser-safe subpath
        "circuits/src/trees/treeParameters.ts",
      ]),
    );
    expect(forbiddenImports(ENTRY)).toEqual([]);
  });

  it("names the chain of imports to a node-only module (the check on a node entry point)", () => {
    // the card store is node code: were the explorer to import it, this is what the test above would print
    const found = forbiddenImports(resolve(REPO_ROOT, "oracle/src/models/cardStore.ts"));
    expect(found).toContain("oracle/src/models/cardStore.ts imports the Node.js module node:fs");
    // through a workspace package's entry too (the model store it imports lives in @symbiote/circuits)
    expect(found).toContain(
      "oracle/src/models/cardStore.ts → circuits/src/index.ts → circuits/src/manifest.ts imports the Node.js module node:crypto",
    );
  });

  it("erases type-only imports, as the bundler does, and keeps every other form", async () => {
    const { runtimeSpecifiers } = await import("./helpers/importGraph.ts");
    const source = [
      'import type { A } from "erased-type";',
      'export type { B } from "erased-reexport";',
      'import { type C } from "kept-inline-type";',
      'import "kept-side-effect";',
      'export { d } from "kept-reexport";',
      'const e = await import("kept-dynamic");',
      'const f = require("kept-require");',
    ].join("\n");
    expect(runtimeSpecifiers("x.ts", source)).toEqual([
      "kept-inline-type",
      "kept-side-effect",
      "kept-reexport",
      "kept-dynamic",
      "kept-require",
    ]);
  });
});

/** Every tracked TypeScript file outside sdk/, relative to the repository. */
function trackedSources(): string[] {
  return execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => file !== "" && !file.startsWith("sdk/"));
}

/**
 * The imports in `file` that reach into the SDK past its entry point: `@symbiote/sdk/<path>`, or a relative path into
 * sdk/ (its sources, its dist or its scripts' internals are the package's own business).
 */
function deepSdkImports(file: string, source?: string): string[] {
  const absolute = resolve(REPO_ROOT, file);
  return runtimeSpecifiers(absolute, source).filter((specifier) => {
    if (specifier.startsWith("@symbiote/sdk/")) return true;
    if (!specifier.startsWith(".")) return false;
    const target = relativePath(REPO_ROOT, resolve(absolute, "..", specifier));
    return target.startsWith("sdk/src/") || target.startsWith("sdk/dist/");
  });
}

describe("package boundaries", () => {
  it("the SDK's entry reaches no Node.js module and no package but viem (it runs in browsers)", () => {
    const entry = WORKSPACE_PACKAGES["@symbiote/sdk"] as string;
    expect(importGraph(entry).files.length).toBeGreaterThan(10);
    expect(forbiddenImports(entry, ["viem"])).toEqual([]);
  });

  it("code outside sdk/ imports the SDK through its entry point only", () => {
    const offenders = trackedSources().flatMap((file) =>
      deepSdkImports(file).map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("names a deep import, bare or relative, and accepts the entry point", () => {
    const source = [
      'import { coordinatorAbi } from "@symbiote/sdk";',
      'import { decodePublicSignals } from "@symbiote/sdk/src/codecs/decode.ts";',
      'import { packFeatures } from "../../../sdk/src/codecs/packing.ts";',
    ].join("\n");
    expect(deepSdkImports("circuits/src/build/x.ts", source)).toEqual([
      "@symbiote/sdk/src/codecs/decode.ts",
      "../../../sdk/src/codecs/packing.ts",
    ]);
  });

  /** Every tracked source that is not a test (tests may open a package's internals to check them). */
  const sources = () =>
    execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.mts", "*.mjs"], { cwd: REPO_ROOT, encoding: "utf8" })
      .split("\n")
      .filter((file) => file !== "" && !/(^|\/)test\//.test(file) && !/\.test\.tsx?$/.test(file));

  it("sources enter a package through its entry point, oracle and trainer stay apart, applications import packages, the page runs only browser entries", () => {
    const found = sources().flatMap((file) => boundaryViolations(REPO_ROOT, file));
    expect(found.sort()).toEqual([]);
  });

  it("names the importing file and the specifier of each kind of crossing", () => {
    const check = (file: string, line: string) => boundaryViolations(REPO_ROOT, file, line);
    expect(check("script/demo/x.ts", 'import { loadManifest } from "../../circuits/src/manifest.ts";')).toEqual([
      'script/demo/x.ts imports ../../circuits/src/manifest.ts, past the entry point of @symbiote/circuits: import it from "@symbiote/circuits"',
    ]);
    expect(check("bench/x.ts", 'import { train } from "@symbiote/trainer/src/train/train.ts";')).toEqual([
      'bench/x.ts imports @symbiote/trainer/src/train/train.ts, past the entry point of @symbiote/trainer: import it from "@symbiote/trainer"',
    ]);
    expect(check("oracle/src/x.ts", 'import { train } from "@symbiote/trainer";')).toEqual([
      "oracle/src/x.ts imports @symbiote/trainer: @symbiote/oracle and @symbiote/trainer share code only through @symbiote/sdk or @symbiote/circuits",
    ]);
    expect(check("trainer/src/x.ts", 'import type { OracleConfig } from "@symbiote/oracle";')).toEqual([
      "trainer/src/x.ts imports @symbiote/oracle: @symbiote/trainer and @symbiote/oracle share code only through @symbiote/sdk or @symbiote/circuits",
    ]);
    expect(check("explorer/src/x.ts", 'import { loadManifest } from "@symbiote/circuits";')).toEqual([
      "explorer/src/x.ts imports @symbiote/circuits at run time: the explorer's page runs workspace code only from @symbiote/sdk, @symbiote/circuits/trees",
    ]);
    // what is allowed: the entry points, an exported subpath, a type-only import on the page, a package's own files
    const allowed = [
      'import { coordinatorAbi } from "@symbiote/sdk";',
      'import manifest from "@symbiote/circuits/manifest.json";',
      'import type { Manifest } from "@symbiote/circuits";',
    ].join("\n");
    expect(check("explorer/src/x.ts", allowed)).toEqual([]);
    expect(check("trainer/src/data/x.ts", 'import { train } from "../train/train.ts";')).toEqual([]);
  });

  it("bench/, script/ and explorer/ reach another folder only through a package, naming the file and the specifier", () => {
    const check = (file: string, line: string) => boundaryViolations(REPO_ROOT, file, line);
    // into test/ (the harness is no package), or into another application, with a relative path
    expect(check("bench/x.ts", 'import { startAnvil } from "../test/helpers/anvil.ts";')).toEqual([
      "bench/x.ts imports ../test/helpers/anvil.ts, a file outside bench/ (test/helpers/anvil.ts): bench/ reaches other folders only through a package's entry point",
    ]);
    expect(check("script/demo/x.ts", 'import { CASES } from "../../bench/models/cases.ts";')).toEqual([
      "script/demo/x.ts imports ../../bench/models/cases.ts, a file outside script/ (bench/models/cases.ts): script/ reaches other folders only through a package's entry point",
    ]);
    expect(check("explorer/src/x.ts", 'import { startDevnet } from "../../test/explorer/helpers/devnet.ts";')).toEqual([
      "explorer/src/x.ts imports ../../test/explorer/helpers/devnet.ts, a file outside explorer/ (test/explorer/helpers/devnet.ts): explorer/ reaches other folders only through a package's entry point",
    ]);
    // past the entry point of the compiler and the devnet, relative or bare
    expect(check("bench/models/x.ts", 'import { writeDenseModel } from "../../compiler/src/onnx/writer.ts";')).toEqual([
      'bench/models/x.ts imports ../../compiler/src/onnx/writer.ts, past the entry point of @symbiote/compiler: import it from "@symbiote/compiler"',
    ]);
    expect(check("script/demo/x.ts", 'import { startAnvil } from "@symbiote/devnet/src/anvil.ts";')).toEqual([
      'script/demo/x.ts imports @symbiote/devnet/src/anvil.ts, past the entry point of @symbiote/devnet: import it from "@symbiote/devnet"',
    ]);
    // the page runs the compiler's trees reader only, never its main entry
    expect(check("explorer/src/x.ts", 'import { importOnnx } from "@symbiote/compiler";')).toEqual([
      "explorer/src/x.ts imports @symbiote/compiler at run time: the explorer's page runs workspace code only from @symbiote/sdk, @symbiote/circuits/trees",
    ]);
    // a package never depends on the local network fixture
    expect(check("oracle/src/x.ts", 'import { startAnvil } from "@symbiote/devnet";')).toEqual([
      "oracle/src/x.ts imports @symbiote/devnet: @symbiote/devnet is the local network of tests, benchmarks and scripts; @symbiote/oracle does not depend on it",
    ]);
    // what is allowed: a package by name, the trees reader on the page, a file of the application's own folder
    const allowed = [
      'import { startLocalProtocol } from "@symbiote/devnet";',
      'import { importOnnx } from "@symbiote/compiler";',
      'import { measureCase } from "../models/measureCase.ts";',
      'import { CASES } from "./cases.ts";',
    ].join("\n");
    expect(check("bench/oracle/x.ts", allowed)).toEqual([]);
    expect(check("script/demo/x.ts", 'import demo from "../config/demo-models.json";')).toEqual([]);
    expect(
      check(
        "explorer/src/format/x.ts",
        'import { treeLayoutFromParameters } from "@symbiote/circuits/trees";\nimport type { TreeParameters } from "@symbiote/compiler";',
      ),
    ).toEqual([]);
    expect(check("test/oracle/x.test.ts", 'import { startLocalProtocol } from "@symbiote/devnet";')).toEqual([]);
  });
});
