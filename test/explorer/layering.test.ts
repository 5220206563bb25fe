/**
 * No browser code imports node code: the explorer's bundle is what its entry (explorer/src/main.tsx) reaches at run
 * time, and none of it may import a Node.js built-in (node:fs, path …) or a package the browser does not get. A
 * module of oracle/src is allowed only while it stays browser-safe itself, so moving a node import into one the
 * explorer uses fails here, with the chain of imports that reaches it.
 */
import { builtinModules } from "node:module";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../oracle/src/zk/manifest.ts";
import { importChain, importGraph } from "./helpers/importGraph.ts";

const ENTRY = resolve(REPO_ROOT, "explorer/src/main.tsx");
/** The packages the page is built from; anything else needs a conscious decision (and a browser build). */
const BROWSER_PACKAGES = ["react", "react-dom", "viem"];

const packageOf = (specifier: string) =>
  specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string);
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(packageOf(specifier));

/** Every runtime import reachable from `entry` that a browser bundle must not have, with how it is reached. */
function forbiddenImports(entry: string): string[] {
  const graph = importGraph(entry);
  const out: string[] = [];
  for (const edge of graph.edges) {
    const relative = edge.specifier.startsWith(".") || edge.specifier.startsWith("/");
    const via = importChain(graph, edge.from, REPO_ROOT);
    if (relative && !edge.resolved) out.push(`${via} imports ${edge.specifier}, which resolves to no file`);
    else if (!relative && isNodeBuiltin(edge.specifier))
      out.push(`${via} imports the Node.js module ${edge.specifier}`);
    else if (!relative && !BROWSER_PACKAGES.includes(packageOf(edge.specifier))) {
      out.push(`${via} imports the package ${edge.specifier}, not one of the page's (${BROWSER_PACKAGES.join(", ")})`);
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
        "oracle/src/cards/cardAddress.ts",
        "oracle/src/chain/abis.ts",
      ]),
    );
    expect(forbiddenImports(ENTRY)).toEqual([]);
  });

  it("names the chain of imports to a node-only module (the check on a node entry point)", () => {
    // the card store is node code: were the explorer to import it, this is what the test above would print
    const found = forbiddenImports(resolve(REPO_ROOT, "oracle/src/models/cardStore.ts"));
    expect(found).toContain("oracle/src/models/cardStore.ts imports the Node.js module node:fs");
    expect(found.some((line) => /modelStore\.ts → .*imports the Node\.js module node:crypto/.test(line))).toBe(true);
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
