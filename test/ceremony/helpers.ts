import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { curves, powersOfTau } from "snarkjs";

/**
 * A small Powers of Tau in the public format, made the way a public ceremony makes one (new accumulator, a
 * contribution, a beacon, phase-2 preparation), at power 11: enough for classifier16-public (1,455 constraints).
 */
export async function makeTestPtau(dir: string, power = 11): Promise<string> {
  const final = join(dir, `test_pot${power}.ptau`);
  if (existsSync(final)) return final;
  mkdirSync(dir, { recursive: true });
  const curve = await curves.getCurveFromName("bn128");
  await powersOfTau.newAccumulator(curve, power, join(dir, "p0.ptau"));
  await powersOfTau.contribute(join(dir, "p0.ptau"), join(dir, "p1.ptau"), "test phase 1", "test phase-1 entropy");
  await powersOfTau.beacon(join(dir, "p1.ptau"), join(dir, "p2.ptau"), "test phase-1 beacon", "0102030405", 10);
  await powersOfTau.preparePhase2(join(dir, "p2.ptau"), final);
  return final;
}

/** A copy of a ceremony directory to tamper with. */
export function copyCeremony(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  return to;
}
