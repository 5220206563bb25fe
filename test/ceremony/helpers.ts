import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KEYS } from "@symbiote/devnet";
import { curves, powersOfTau } from "snarkjs";
import { privateKeyToAccount } from "viem/accounts";
import { compileCircuit } from "../../circuits/src/build/compile.ts";
import { applyBeacon } from "../../circuits/src/ceremony/beacon.ts";
import { contribute } from "../../circuits/src/ceremony/contribute.ts";
import { initCeremony } from "../../circuits/src/ceremony/init.ts";
import { loadManifest, MANIFEST_PATH, type Manifest, REPO_ROOT, sha256Hex } from "../../circuits/src/manifest.ts";

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
 * Runs the test ceremony in `work`: a fresh 2^11 ptau, init on {@link CIRCUIT}'s Groth16 build (the ptau is unknown, so allowed
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
    circuits: [`${CIRCUIT}/groth16`],
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

/** The PLONK build the PLONK ceremony tests run on: small enough for the 2^11 test ptau. */
export const PLONK_CIRCUIT = "argmax4-test";
export const PLONK_VERIFIER = "ArgMax4TestPlonkVerifier";

/**
 * A scratch repository root whose manifest holds one PLONK build: the arg-max harness
 * (test/circuits/harness/arg_max.circom), compiled with --O1 as circuits:build compiles PLONK builds, its r1cs
 * committed at the manifest's path. The classifiers' PLONK builds (about 9k and 16k gates) need a 2^14 or 2^15 ptau,
 * whose preparation alone takes minutes; this circuit's few hundred gates fit the 2^11 test ptau. The entry borrows
 * classifier16-public's shape and layout, which only the registration proposal reads.
 */
export async function plonkTestRoot(work: string): Promise<{ root: string; manifest: Manifest; wasm: string }> {
  const root = join(work, "repo");
  const compiled = await compileCircuit("test/circuits/harness/arg_max.circom", join(work, "argmax"), "O1");
  const r1csPath = `circuits/build/${PLONK_CIRCUIT}/plonk/circuit.r1cs`;
  mkdirSync(join(root, `circuits/build/${PLONK_CIRCUIT}/plonk`), { recursive: true });
  copyFileSync(compiled.r1cs, join(root, r1csPath));
  const ref = (path: string) => {
    const bytes = readFileSync(path);
    return { sha256: sha256Hex(bytes), bytes: statSync(path).size };
  };
  const base = loadManifest();
  const template = base.circuits.find((c) => c.id === CIRCUIT);
  if (!template) throw new Error(`${CIRCUIT} is not in the manifest`);
  const placeholder = { path: "", sha256: "0".repeat(64), bytes: 0 };
  const manifest: Manifest = {
    ...base,
    circuits: [
      {
        ...template,
        id: PLONK_CIRCUIT,
        entry: "test/circuits/harness/arg_max.circom",
        backends: [
          {
            backend: "plonk",
            optimization: "O1",
            constraints: 0,
            r1cs: { path: r1csPath, ...ref(compiled.r1cs) },
            wasm: { path: compiled.wasm, ...ref(compiled.wasm), committed: false },
            vkey: placeholder,
            zkey: { ...placeholder, committed: false },
            verifier: {
              contract: PLONK_VERIFIER,
              path: `contracts/verifiers/${PLONK_VERIFIER}.sol`,
              sha256: "0".repeat(64),
            },
            fixture: placeholder,
          },
        ],
      },
    ],
  };
  writeFileSync(join(root, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
  return { root, manifest, wasm: compiled.wasm };
}
