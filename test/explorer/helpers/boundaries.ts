/**
 * The repository's package boundaries, as rules over the modules a source file names: a workspace package is entered
 * through its entry point (or a subpath its package.json exports); the operator node and the trainer share code only
 * through the SDK and the circuits; the explorer's page runs workspace code from the SDK alone, the one entry that is
 * browser-safe (type-only imports are erased, and exported JSON is data, so they may name any entry).
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { moduleReferences } from "./importGraph.ts";

/** Each workspace package by name, with its folder relative to the repository. */
export const PACKAGE_FOLDERS = {
  "@symbiote/sdk": "sdk",
  "@symbiote/circuits": "circuits",
  "@symbiote/trainer": "trainer",
  "@symbiote/oracle": "oracle",
} as const;

type PackageName = keyof typeof PACKAGE_FOLDERS;
const PACKAGES = Object.keys(PACKAGE_FOLDERS) as PackageName[];

/** Packages that may not import each other, either way: what they share lives in @symbiote/sdk or @symbiote/circuits. */
const APART: readonly (readonly [PackageName, PackageName])[] = [["@symbiote/oracle", "@symbiote/trainer"]];

/** The workspace packages the explorer's page may run. */
const BROWSER_PACKAGES: readonly PackageName[] = ["@symbiote/sdk"];

const packageAt = (path: string): PackageName | undefined =>
  PACKAGES.find((name) => path === PACKAGE_FOLDERS[name] || path.startsWith(`${PACKAGE_FOLDERS[name]}/`));

const packageNamed = (specifier: string): PackageName | undefined =>
  PACKAGES.find((name) => specifier === name || specifier.startsWith(`${name}/`));

/** The subpaths a package's package.json exports ("." and e.g. "./manifest.json"). */
export function exportedSubpaths(root: string, name: PackageName): string[] {
  const manifest = JSON.parse(readFileSync(resolve(root, PACKAGE_FOLDERS[name], "package.json"), "utf8")) as {
    exports?: Record<string, unknown>;
  };
  return Object.keys(manifest.exports ?? { ".": "" });
}

/**
 * The boundary crossings of one source file (`file` relative to `root`), each naming the file and the specifier it
 * wrote; `source` stands in for the file's text.
 */
export function boundaryViolations(root: string, file: string, source?: string): string[] {
  const absolute = resolve(root, file);
  const own = packageAt(file);
  const out: string[] = [];
  for (const { specifier, typeOnly } of moduleReferences(absolute, source)) {
    const relativeSpecifier = specifier.startsWith(".");
    const target = relativeSpecifier
      ? packageAt(relative(root, resolve(dirname(absolute), specifier)))
      : packageNamed(specifier);
    if (target === undefined || target === own) continue;
    const subpath = `.${specifier.slice(target.length)}`;
    if (relativeSpecifier || !exportedSubpaths(root, target).includes(subpath)) {
      out.push(`${file} imports ${specifier}, past the entry point of ${target}: import it from "${target}"`);
    } else if (own && APART.some(([a, b]) => (a === own && b === target) || (b === own && a === target))) {
      out.push(
        `${file} imports ${specifier}: ${own} and ${target} share code only through @symbiote/sdk or @symbiote/circuits`,
      );
    } else if (
      file.startsWith("explorer/src/") &&
      !typeOnly &&
      !specifier.endsWith(".json") && // data an entry exports (the circuits' manifest), no code
      !BROWSER_PACKAGES.includes(target)
    ) {
      out.push(
        `${file} imports ${specifier} at run time: the explorer's page runs workspace code from @symbiote/sdk only`,
      );
    }
  }
  return out;
}
