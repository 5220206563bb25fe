/**
 * The repository's package boundaries, as rules over the modules a source file names: a workspace package is entered
 * through its entry point (or a subpath its package.json exports); the operator node and the trainer share code only
 * through the SDK and the circuits; the applications (bench/, script/, explorer/) reach beyond their own folder only
 * through a package, never with a relative path into test/ or another folder; the explorer's page runs workspace
 * code from the browser-safe entries alone (type-only imports are erased, and exported JSON is data, so they may name
 * any entry).
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
  "@symbiote/compiler": "compiler",
  "@symbiote/devnet": "devnet",
} as const;

type PackageName = keyof typeof PACKAGE_FOLDERS;
const PACKAGES = Object.keys(PACKAGE_FOLDERS) as PackageName[];

/** Packages that may not import each other, either way: what they share lives in @symbiote/sdk or @symbiote/circuits. */
const APART: readonly (readonly [PackageName, PackageName])[] = [["@symbiote/oracle", "@symbiote/trainer"]];

/** The local network fixture: tests, benchmarks and scripts use it; no other package depends on it. */
const FIXTURE: PackageName = "@symbiote/devnet";

/**
 * The workspace entries the explorer's page may run: the SDK, and the circuits' reader of published trees (a subpath
 * of its own, because the circuits' main entry reaches snarkjs and the file system).
 */
export const BROWSER_ENTRIES: readonly string[] = ["@symbiote/sdk", "@symbiote/circuits/trees"];

/** Top-level folders of applications, not packages: they import what lies outside them from a package's entry. */
export const APPLICATION_FOLDERS: readonly string[] = ["bench", "script", "explorer"];

const topFolder = (path: string): string | undefined => (path.includes("/") ? path.split("/")[0] : undefined);

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
    const targetPath = relativeSpecifier ? relative(root, resolve(dirname(absolute), specifier)) : undefined;
    const target = targetPath !== undefined ? packageAt(targetPath) : packageNamed(specifier);
    const application = topFolder(file);
    if (
      target === undefined &&
      targetPath !== undefined &&
      application !== undefined &&
      APPLICATION_FOLDERS.includes(application) &&
      topFolder(targetPath) !== application
    ) {
      out.push(
        `${file} imports ${specifier}, a file outside ${application}/ (${targetPath}): ${application}/ reaches other folders only through a package's entry point`,
      );
    }
    if (target === undefined || target === own) continue;
    const subpath = `.${specifier.slice(target.length)}`;
    if (relativeSpecifier || !exportedSubpaths(root, target).includes(subpath)) {
      out.push(`${file} imports ${specifier}, past the entry point of ${target}: import it from "${target}"`);
    } else if (own && target === FIXTURE) {
      out.push(
        `${file} imports ${specifier}: ${FIXTURE} is the local network of tests, benchmarks and scripts; ${own} does not depend on it`,
      );
    } else if (own && APART.some(([a, b]) => (a === own && b === target) || (b === own && a === target))) {
      out.push(
        `${file} imports ${specifier}: ${own} and ${target} share code only through @symbiote/sdk or @symbiote/circuits`,
      );
    } else if (
      file.startsWith("explorer/src/") &&
      !typeOnly &&
      !specifier.endsWith(".json") && // data an entry exports (the circuits' manifest), no code
      !BROWSER_ENTRIES.includes(specifier)
    ) {
      out.push(
        `${file} imports ${specifier} at run time: the explorer's page runs workspace code only from ${BROWSER_ENTRIES.join(", ")}`,
      );
    }
  }
  return out;
}
