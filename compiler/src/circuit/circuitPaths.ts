import { relative, resolve } from "node:path";
import { REPO_ROOT } from "@symbiote/circuits";

/** Where generated circuits go by default (git-ignored): compiler/out/<circuit id>/. */
export const GENERATED_DIR = resolve(REPO_ROOT, "compiler/out");

/**
 * An include line for a circuits/lib file, relative to the generated entry's folder: circom resolves includes from
 * the including file, and circom2 only reaches files under its working directory (compile from the repository root).
 */
export function includeLib(entryDir: string, file: string): string {
  const path = relative(entryDir, resolve(REPO_ROOT, "circuits/lib", file))
    .split("\\")
    .join("/");
  return `include "${path}";`;
}
