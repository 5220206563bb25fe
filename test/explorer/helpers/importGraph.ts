/**
 * The runtime import graph of a TypeScript entry point, walked the way a bundler would: every `import`, `export …
 * from`, `import()` and `require()` whose module survives compilation (`import type` and `export type` are erased;
 * `import { type X }` is not, under verbatimModuleSyntax). Relative specifiers are resolved to files, and so is a
 * workspace package (`@symbiote/sdk`, `@symbiote/circuits` …, to its source entry, as tsconfig.json's paths do); other bare ones (a package,
 * `node:fs`) are recorded and not followed. Used by the explorer's layering test: what a browser bundle may
 * reach.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

/** One import edge: the file that imports, what it wrote, and the file it resolved to (bare specifiers: none). */
export type ImportEdge = { from: string; specifier: string; resolved?: string };

export type ImportGraph = {
  /** Every file reached, entry first. */
  files: string[];
  edges: ImportEdge[];
  /** How the walk first reached each file: the edge that imported it (the entry has none). */
  reachedBy: Map<string, ImportEdge>;
};

/** The repository's workspace packages by name, each resolved to the source file its entry point is built from. */
export const WORKSPACE_PACKAGES: Readonly<Record<string, string>> = {
  "@symbiote/sdk": resolve(import.meta.dirname, "../../../sdk/src/index.ts"),
  "@symbiote/circuits": resolve(import.meta.dirname, "../../../circuits/src/index.ts"),
  "@symbiote/trainer": resolve(import.meta.dirname, "../../../trainer/src/index.ts"),
  "@symbiote/oracle": resolve(import.meta.dirname, "../../../oracle/src/index.ts"),
  "@symbiote/compiler": resolve(import.meta.dirname, "../../../compiler/src/index.ts"),
  "@symbiote/devnet": resolve(import.meta.dirname, "../../../devnet/src/index.ts"),
};

/** A workspace package's entry, or a subpath its package.json exports (`@symbiote/circuits/manifest.json`). */
function resolveWorkspace(specifier: string): string | undefined {
  const entry = WORKSPACE_PACKAGES[specifier];
  if (entry) return entry;
  const name = Object.keys(WORKSPACE_PACKAGES).find((candidate) => specifier.startsWith(`${candidate}/`));
  if (!name) return undefined;
  const folder = resolve(WORKSPACE_PACKAGES[name] as string, "../..");
  const manifest = JSON.parse(readFileSync(resolve(folder, "package.json"), "utf8")) as {
    exports?: Record<string, unknown>;
  };
  const target = manifest.exports?.[`.${specifier.slice(name.length)}`];
  return typeof target === "string" ? resolve(folder, target) : undefined;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".mjs", "/index.ts", "/index.tsx", "/index.js"];

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** One module a file names: what it wrote, and whether compilation erases it (`import type`, `export type`). */
export type ModuleReference = { specifier: string; typeOnly: boolean };

/** Every module a file names, in source order, type-only ones included and marked. */
export function moduleReferences(path: string, source = readFileSync(path, "utf8")): ModuleReference[] {
  if (!/\.[cm]?[jt]sx?$/.test(path)) return [];
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const out: ModuleReference[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly ?? false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const [argument] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if ((isImport || isRequire) && argument && ts.isStringLiteralLike(argument)) {
        out.push({ specifier: argument.text, typeOnly: false });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** The specifiers of a file's imports that remain at run time. */
export function runtimeSpecifiers(path: string, source?: string): string[] {
  return moduleReferences(path, source)
    .filter((reference) => !reference.typeOnly)
    .map((reference) => reference.specifier);
}

/** Walks the runtime imports from `entry` (an absolute path). */
export function importGraph(entry: string): ImportGraph {
  const files = [entry];
  const seen = new Set(files);
  const edges: ImportEdge[] = [];
  const reachedBy = new Map<string, ImportEdge>();
  for (let i = 0; i < files.length; i++) {
    const from = files[i] as string;
    for (const specifier of runtimeSpecifiers(from)) {
      const relative = specifier.startsWith(".") || specifier.startsWith("/");
      const resolved = relative ? resolveRelative(from, specifier) : resolveWorkspace(specifier);
      const edge: ImportEdge = { from, specifier, ...(resolved ? { resolved } : {}) };
      edges.push(edge);
      if (resolved && !seen.has(resolved)) {
        seen.add(resolved);
        reachedBy.set(resolved, edge);
        files.push(resolved);
      }
    }
  }
  return { files, edges, reachedBy };
}

/** The chain of imports from the entry to `file`, as "a.ts → b.ts → c.ts". */
export function importChain(graph: ImportGraph, file: string, relativeTo: string): string {
  const chain = [file];
  for (let edge = graph.reachedBy.get(file); edge; edge = graph.reachedBy.get(edge.from)) chain.unshift(edge.from);
  return chain.map((path) => path.slice(relativeTo.length + 1)).join(" → ");
}
