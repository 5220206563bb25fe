/**
 * npm run bench:witness-widths [-- --rows 256] — how the witnesses of the committed inference circuits and of the
 * baked classifier audit (bench/audit.ts's build, `--rows` rows, 256 by default) split by scalar width, the split
 * the Groth16 prover's multi-scalar multiplications follow (circuits/src/groth16/witnessMsm.ts): per circuit, the
 * non-zero values of 1, 2, 4, 8 and 32 bytes, and how many of the 32-byte ones are p − x with x < 2^64 (a negative
 * value in the field), by the width of x. Prints a table; writes nothing.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  CircuitProver,
  findCircuit,
  loadManifest,
  sampleCall,
  terminateProvers,
  WitnessCalculator,
} from "@symbiote/circuits";
import { FIELD_MODULUS } from "@symbiote/sdk";
import { compileShape, MODELS } from "./audit/models.ts";

const WIDTHS = [1, 2, 4, 8] as const;
const INFERENCE = ["classifier16-committed", "mlp16x32x4-committed", "recommender16x32-committed"] as const;

/** The byte width (1, 2, 4 or 8) of a value below 2^64, or 32. */
function widthOf(value: bigint): number {
  return WIDTHS.find((width) => value < 1n << BigInt(8 * width)) ?? 32;
}

type Census = { nonZero: number; byWidth: Map<number, number>; negatedByWidth: Map<number, number> };

function census(witness: readonly bigint[]): Census {
  const byWidth = new Map<number, number>([...WIDTHS, 32].map((w) => [w, 0]));
  const negatedByWidth = new Map<number, number>([...WIDTHS, 32].map((w) => [w, 0]));
  let nonZero = 0;
  for (const value of witness) {
    if (value === 0n) continue;
    nonZero++;
    const width = widthOf(value);
    byWidth.set(width, (byWidth.get(width) as number) + 1);
    if (width === 32) {
      const negated = widthOf(FIELD_MODULUS - value);
      negatedByWidth.set(negated, (negatedByWidth.get(negated) as number) + 1);
    }
  }
  return { nonZero, byWidth, negatedByWidth };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "256" } }, strict: true });
  const rows = Number(values.rows);
  const witnesses: [string, bigint[]][] = [];
  const manifest = loadManifest();
  for (const id of INFERENCE) {
    const circuit = findCircuit(manifest, id);
    const prover = await CircuitProver.load(id, "groth16");
    witnesses.push([id, prover.computeWitness(sampleCall(circuit.shape, circuit.inputMode, "witness-widths"))]);
  }
  const model = MODELS["classifier-baked"];
  console.error(`${model.name}-audit${rows}: compiling …`);
  const compiled = await compileShape(model, rows);
  const calculator = await WitnessCalculator.create(readFileSync(compiled.wasm));
  witnesses.push([`${model.name}-audit${rows}`, calculator.calculate(model.sample(rows).input)]);

  console.log(
    "| circuit | signals | non-zero | 1 B | 2 B | 4 B | 8 B | 32 B | of which p−x, x of 1 B | 2 B | 4 B | 8 B | 32 B (wide) |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [name, witness] of witnesses) {
    const { nonZero, byWidth, negatedByWidth } = census(witness);
    const cells = [...byWidth.values(), ...negatedByWidth.values()].map((n) => n.toLocaleString("en-US"));
    console.log(
      `| ${name} | ${witness.length.toLocaleString("en-US")} | ${nonZero.toLocaleString("en-US")} | ${cells.join(" | ")} |`,
    );
  }
}

main()
  .then(() => terminateProvers())
  .catch(async (error: unknown) => {
    console.error(error);
    await terminateProvers();
    process.exit(1);
  });
