import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { encodeWtns, WORK_DIR } from "@symbiote/circuits";
import { groth16 } from "snarkjs";
import { GRID } from "../models/cases.ts";
import { prepareCase } from "../models/measureCase.ts";
import { YARDSTICK } from "../models/targets.ts";

/** The yardstick's circuit set up and proven once cold: each call of `prove` times one more warm proof. */
export type Yardstick = {
  /** One warm proof of the next sample row, as `npm run bench:models` times it (snarkjs, witness not counted). */
  prove(): Promise<number>;
};

/**
 * The yardstick of every proving target (docs/benchmarks): the circomlib-ml MLP 16-32-4 built, compiled and set up
 * as `npm run bench:models` does (over the dev 2^15 ptau, made if missing), then proven once cold. Its warm proofs are
 * taken one at a time, between the audit's, so the ratio compares proofs made in the same machine state.
 */
export async function loadYardstick(): Promise<Yardstick> {
  const yardstick = GRID.find((c) => c.name === YARDSTICK.case);
  if (!yardstick) throw new Error(`the yardstick case ${YARDSTICK.case} is not in bench/models/cases.ts`);
  // the preparation's own rows (compile time, constraints …) are bench:models's, not this bench's
  const rowsFile = resolve(WORK_DIR, "bench-audit", "yardstick.jsonl");
  mkdirSync(resolve(rowsFile, ".."), { recursive: true });
  writeFileSync(rowsFile, "");
  const prepared = await prepareCase(yardstick, {
    ptauDir: resolve(WORK_DIR, "ptau"),
    maxPtauPower: 15,
    warmRuns: 1,
    anvilUrl: "",
    rowsFile,
    circomlibMl: true,
  });
  if (!prepared) throw new Error(`the yardstick ${YARDSTICK.case} could not be set up (no dev ptau of 2^15)`);
  const { zkey, calculator, witnessInputs } = prepared;
  let next = 0;
  const prove = async () => {
    const input = witnessInputs[next++ % witnessInputs.length];
    if (!input) throw new Error("unreachable: the yardstick has sample rows");
    const wtns = encodeWtns(calculator.calculate(input));
    const start = performance.now();
    await groth16.prove(zkey, wtns);
    return performance.now() - start;
  };
  await prove(); // cold: curve and key loaded
  return { prove };
}
