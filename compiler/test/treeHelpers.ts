import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type {
  IntegerBranchMode,
  IntegerTree,
  IntegerTreeEnsemble,
  IntegerTreeNode,
  TreeEnsembleShape,
} from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import { VALUE_MAX } from "@symbiote/sdk";
import { compileCircuit } from "../../circuits/src/build/compile.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { parseR1cs, type R1cs } from "../../circuits/src/r1cs.ts";
import { WitnessCalculator } from "../../circuits/src/witness.ts";
import { treeCircuitId, writeTreeCircuit } from "../src/circuit/treeCircuit.ts";

/** Deterministic xorshift32 in [0, 1), so a failing case reproduces from its seed. */
export function rng(seed: number): () => number {
  // spread small seeds over the state so that the first draws are not all tiny
  let s = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < 4; i++) next();
  return next;
}

export const MODES: IntegerBranchMode[] = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT"];

/**
 * A random integer ensemble that fits `shape`: up to `shape.trees` trees of depth up to `shape.depth` (leaves stop
 * early at random), every mode, thresholds from a small grid (so inputs hit them exactly) and sometimes beyond the
 * feature range, leaf values anywhere in range.
 */
export function randomIntegerEnsemble(seed: number, shape: TreeEnsembleShape): IntegerTreeEnsemble {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const value = () => BigInt(int(-Number(VALUE_MAX), Number(VALUE_MAX)));
  const grid = thresholdGrid();
  const threshold = () =>
    r() < 0.1 ? BigInt(int(-1, 1)) * (VALUE_MAX + BigInt(int(0, 3))) : (grid[int(0, grid.length - 1)] as bigint);
  const trees: IntegerTree[] = Array.from({ length: int(1, shape.trees) }, (_, t) => {
    const nodes = new Map<number, IntegerTreeNode>();
    // node ids in an arbitrary order, as exporters number them
    const ids = Array.from({ length: 2 ** (shape.depth + 1) }, (_, i) => i * 7 + 3).sort(() => r() - 0.5);
    let next = 0;
    const grow = (depth: number): number => {
      const id = ids[next++] as number;
      if (depth === 0 || r() < 0.25) {
        nodes.set(id, { kind: "leaf", id, values: Array.from({ length: shape.columns }, value) });
        return id;
      }
      const node = {
        kind: "branch" as const,
        id,
        feature: int(0, shape.features - 1),
        threshold: threshold(),
        mode: MODES[int(0, MODES.length - 1)] as IntegerBranchMode,
        trueId: -1,
        falseId: -1,
      };
      nodes.set(id, node);
      node.trueId = grow(depth - 1);
      node.falseId = grow(depth - 1);
      return id;
    };
    return { id: 100 + t, root: grow(shape.depth), nodes };
  });
  return {
    features: shape.features,
    columns: shape.columns,
    trees,
    baseValues: Array.from({ length: shape.columns }, value),
    decisionThreshold: shape.columns === 1 ? value() : 0n,
  };
}

/** Thresholds the random models use; inputs drawn from the same values (and their neighbours) hit equality. */
export function thresholdGrid(): bigint[] {
  return [-VALUE_MAX, -5_000_000n, -65_536n, -1n, 0n, 1n, 32_768n, 65_536n, 4_000_000n, VALUE_MAX - 1n];
}

/** A random in-range input: each feature on the threshold grid, next to it, or anywhere. */
export function randomFeatures(r: () => number, count: number): bigint[] {
  const grid = thresholdGrid();
  return Array.from({ length: count }, () => {
    const u = r();
    const near = grid[Math.floor(r() * grid.length)] as bigint;
    if (u < 0.4) return near;
    if (u < 0.7) {
      const next = near + (r() < 0.5 ? 1n : -1n);
      return next > VALUE_MAX || next < -VALUE_MAX ? near : next;
    }
    return BigInt(Math.floor((r() * 2 - 1) * Number(VALUE_MAX)));
  });
}

/** A compiled circuit in memory: its constraints, its witness calculator and its wire names (.sym). */
export interface CompiledTree {
  r1cs: R1cs;
  witness: WitnessCalculator;
  wires: Map<string, number>;
}

function parseSym(text: string): Map<string, number> {
  const wires = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name && Number(wire) >= 0) wires.set(name, Number(wire));
  }
  return wires;
}

/**
 * Compiles an entry circuit (a path under the repository, which circom2 can read) with the build's checks (inspector
 * clean), into a temporary folder removed once the artifacts are in memory.
 */
export async function compileEntry(entry: string, optimization: "O1" | "O2"): Promise<CompiledTree> {
  const out = mkdtempSync(join(tmpdir(), "symbiote-trees-"));
  try {
    const compiled = await compileCircuit(entry, out, optimization);
    return {
      r1cs: parseR1cs(readFileSync(compiled.r1cs)),
      witness: await WitnessCalculator.create(readFileSync(compiled.wasm)),
      wires: parseSym(readFileSync(compiled.sym, "utf8")),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Generates a shape's main component under compiler/out/tests/<suite>/ and compiles it as the build does (--O2). */
export async function compileTreeCircuit(
  shape: TreeEnsembleShape,
  mode: InputMode,
  suite: string,
): Promise<CompiledTree> {
  const dir = resolve(REPO_ROOT, "compiler/out/tests", suite, treeCircuitId(shape, mode));
  const { entry } = writeTreeCircuit(shape, mode, dir);
  return compileEntry(entry, "O2");
}
