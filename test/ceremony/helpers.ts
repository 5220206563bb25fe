import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { curves, powersOfTau } from "snarkjs";
import { privateKeyToAccount } from "viem/accounts";
import { applyBeacon } from "../../circuits/scripts/ceremony/beacon.ts";
import { contribute } from "../../circuits/scripts/ceremony/contribute.ts";
import { initCeremony } from "../../circuits/scripts/ceremony/init.ts";
import { loadManifest, REPO_ROOT } from "../../oracle/src/zk/manifest.ts";
import { KEYS } from "../oracle/helpers/anvil.ts";

/** The circuit the test ceremonies run on: small enough for a 2^11 ptau. */
export const CIRCUIT = "classifier16-public";
export const PARTICIPANTS = [
  { name: "alice", key: KEYS[2] },
  { name: "bob", key: KEYS[3] },
  { name: "carol", key: KEYS[4] },
] as const;
export const BEACON = { source: "drand:4242424", value: `0x${"ab".repeat(32)}`, iterations: 10 };

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

/**
 * Runs the test ceremony in `work`: a fresh 2^11 ptau, init on {@link CIRCUIT} (the ptau is unknown, so allowed
 * explicitly), one contribution from each of {@link PARTICIPANTS} with typed entropy, then {@link BEACON}.
 * Returns the ptau and the ceremony directory.
 */
export async function runTestCeremony(
  work: string,
  log: (msg: string) => void,
): Promise<{ ptau: string; dir: string }> {
  const ptau = await makeTestPtau(join(work, "ptau"));
  const dir = join(work, "ceremony");
  await initCeremony({
    dir,
    ptau,
    allowUnknownPtau: true,
    circuits: [CIRCUIT],
    manifest: loadManifest(),
    root: REPO_ROOT,
    log,
  });
  for (const p of PARTICIPANTS) {
    await contribute({ dir, name: p.name, entropy: `${p.name} typed this`, account: privateKeyToAccount(p.key), log });
  }
  await applyBeacon({
    dir,
    source: BEACON.source,
    value: BEACON.value,
    iterationsExp: BEACON.iterations,
    announcement: "test: announced in the test before the contributions",
    log,
  });
  return { ptau, dir };
}
