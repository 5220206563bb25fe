import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type InputMode, publicSignalLayout } from "@symbiote/sdk";
import { describe, expect, it } from "vitest";
import { compileCircuit } from "../../circuits/src/build/compile.ts";
import { findCircuit, loadManifest, REPO_ROOT } from "../../circuits/src/manifest.ts";
import { parseR1cs } from "../../circuits/src/r1cs.ts";
import { denseCircuitId, denseCircuitSource } from "../src/circuit/denseCircuit.ts";
import { denseSignalLayout } from "../src/circuit/denseSignals.ts";
import { writeEntry } from "../src/circuit/generatedEntry.ts";
import { linearCircuitId, linearCircuitSource } from "../src/circuit/linearCircuit.ts";

/**
 * The generators reproduce today's hand-written shapes: the generated classifier16 and mlp16x32x4 main components
 * compile (--O2, inspector clean) to the constraint counts circuits/manifest.json records for circuits/models/*.
 */
const manifest = loadManifest();
const OUT = resolve(REPO_ROOT, "compiler/out/tests/generatedShapes");

async function constraints(id: string, source: (dir: string) => string): Promise<number> {
  const entry = writeEntry(OUT, id, source(OUT));
  const work = mkdtempSync(join(tmpdir(), "symbiote-shapes-"));
  try {
    const compiled = await compileCircuit(entry, work, "O2");
    return parseR1cs(readFileSync(compiled.r1cs)).nConstraints;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function recorded(id: string): number {
  const build = findCircuit(manifest, id).backends.find((b) => b.backend === "groth16");
  if (!build) throw new Error(`${id} has no groth16 build`);
  return build.constraints;
}

const MODES: InputMode[] = ["public", "committed"];

describe("generated circuits of today's shapes", () => {
  it.each(MODES)(
    "linear over 16 features, %s inputs: classifier16's constraint count",
    async (mode) => {
      const id = linearCircuitId(16, mode);
      expect(await constraints(id, (dir) => linearCircuitSource(16, mode, dir))).toBe(recorded(id));
    },
    120_000,
  );

  it.each(MODES)(
    "dense 16-32-4, %s inputs: mlp16x32x4's constraint count",
    async (mode) => {
      const id = denseCircuitId([16, 32, 4], mode);
      expect(await constraints(id, (dir) => denseCircuitSource([16, 32, 4], [true, false], mode, dir))).toBe(
        recorded(id),
      );
    },
    300_000,
  );

  it.each(MODES)("dense n-h-k layouts are the MLP family's, which today's decoders read (%s inputs)", (mode) => {
    for (const [n, h, k] of [
      [16, 32, 4],
      [30, 8, 2],
      [64, 128, 10],
    ] as const) {
      expect(denseSignalLayout([n, h, k], mode)).toEqual(publicSignalLayout({ family: "mlp", n, h, k }, mode));
    }
  });
});
