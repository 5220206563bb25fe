import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { powersOfTau } from "snarkjs";
import { REPO_ROOT } from "./sourceHash.ts";

/**
 * Power of the shared dev Powers of Tau: 2^15 covers the largest Groth16 circuit (about 15k constraints) and
 * the PLONK classifier builds (under 2^14 gates). Raising it costs time: preparing phase 2 grows faster than 2^k.
 */
export const PTAU_POWER = 15;

/** A public, fixed beacon for the dev ceremony. A production ceremony takes a future block hash or drand round. */
export const DEV_BEACON = "53796d62696f746520646576206265616f6e202d206e6f7420666f7220757365";

export const WORK_DIR = resolve(REPO_ROOT, "circuits/.work");

/**
 * Returns the path of a prepared dev Powers of Tau of PTAU_POWER, generating it once into circuits/.work/ptau/:
 * a new accumulator, one contribution with fresh entropy, a beacon, and phase-2 preparation.
 * DEV ONLY: one party knows (or could have kept) the toxic waste. Production uses a public ceremony file.
 */
export async function ensurePtau(log: (msg: string) => void): Promise<string> {
  const dir = resolve(WORK_DIR, "ptau");
  const final = resolve(dir, `pot${PTAU_POWER}_final.ptau`);
  if (existsSync(final)) return final;
  mkdirSync(dir, { recursive: true });
  const step = (name: string) => resolve(dir, `pot${PTAU_POWER}_${name}.ptau`);
  const { getCurveFromName } = await import("snarkjs").then((m) => m.curves);
  const curve = await getCurveFromName("bn128");
  log(`powers of tau 2^${PTAU_POWER}: new accumulator`);
  await powersOfTau.newAccumulator(curve, PTAU_POWER, step("0000"));
  log("powers of tau: dev contribution");
  await powersOfTau.contribute(
    step("0000"),
    step("0001"),
    "symbiote dev contribution",
    randomBytes(32).toString("hex"),
  );
  log("powers of tau: beacon");
  await powersOfTau.beacon(step("0001"), step("beacon"), "symbiote dev beacon", DEV_BEACON, 10);
  log("powers of tau: prepare phase 2 (the slow step: several minutes)");
  await powersOfTau.preparePhase2(step("beacon"), `${final}.partial`);
  renameSync(`${final}.partial`, final);
  for (const name of ["0000", "0001", "beacon"]) rmSync(step(name), { force: true });
  return final;
}
