import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { FatalError } from "@symbiote/sdk";
import { plonk, zKey } from "snarkjs";
import type { Backend } from "../manifest.ts";
import { appendToContract, groth16BatchFunction, plonkBatchFunctions } from "./batchVerifier.ts";
import { groth16VerifyProofFunction, replaceVerifyProof } from "./groth16SingleVerifier.ts";
import { groth16WeightsBaseFunctions } from "./groth16WeightsBase.ts";
import { DEV_BEACON, DEV_BEACON_ITERATIONS_EXP } from "./ptau.ts";
import { REPO_ROOT } from "./sourceHash.ts";

const templateDir = resolve(REPO_ROOT, "node_modules/snarkjs/templates");
const templates = {
  groth16: readFileSync(resolve(templateDir, "verifier_groth16.sol.ejs"), "utf8"),
  plonk: readFileSync(resolve(templateDir, "verifier_plonk.sol.ejs"), "utf8"),
};

/**
 * snarkjs `plonk setup`: the PLONK key of an r1cs from a prepared Powers of Tau. It draws no randomness, so the same
 * r1cs and ptau give the same zkey byte for byte: the dev build and the ceremony's `finalize` make their PLONK keys
 * with it, and `verify` / `verify-dev` re-derive them to check the published ones. Returns the PLONK gate count.
 */
export async function plonkSetup(r1cs: string, ptau: string, zkey: string): Promise<{ gates: number }> {
  let gates: number | undefined;
  const errors: string[] = [];
  // snarkjs reports the gate count and its refusals only through its logger
  const logger = {
    info: (msg: string) => {
      const match = /Plonk constraints: (\d+)/.exec(msg);
      if (match) gates = Number(match[1]);
    },
    warn: () => {},
    error: (msg: string) => errors.push(msg),
    debug: () => {},
  };
  const code = await plonk.setup(r1cs, ptau, zkey, logger);
  if ((code !== undefined && code !== 0) || gates === undefined) {
    throw new FatalError(
      `plonk setup of ${r1cs} failed: use a prepared Powers of Tau (phase 2) large enough for the circuit's gates.`,
      { details: errors.join("\n") || `snarkjs returned ${code}` },
    );
  }
  return { gates };
}

/**
 * Circuit-specific dev setup. Groth16: phase 2 from the shared dev ptau and the public dev beacon, nothing else,
 * so the zkey is reproducible byte for byte from the committed r1cs (and forgeable by anyone: DEV ONLY).
 * PLONK: universal, derived from the ptau alone (no per-circuit ceremony), so equally reproducible.
 * Production keys come from `npm run ceremony` (docs/circuits.md).
 */
export async function setupCircuit(
  backend: Backend,
  r1cs: string,
  ptau: string,
  workDir: string,
  id: string,
): Promise<{ zkey: string; plonkGates?: number }> {
  if (backend === "plonk") {
    const zkey = `${workDir}/circuit.zkey`;
    const { gates } = await plonkSetup(r1cs, ptau, zkey);
    return { zkey, plonkGates: gates };
  }
  const z0 = `${workDir}/circuit_0000.zkey`;
  const zkey = `${workDir}/circuit.zkey`;
  await zKey.newZKey(r1cs, ptau, z0);
  await zKey.beacon(z0, zkey, `symbiote dev beacon ${id}`, DEV_BEACON, DEV_BEACON_ITERATIONS_EXP);
  return { zkey };
}

/** The project's pinned compiler version: the `solc` devDependency that forge runs (see foundry.toml). */
function pinnedSolc(): string {
  const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const version = pkg.devDependencies.solc;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error("package.json must pin an exact solc version");
  return version;
}

/** snarkjs renders its verifier templates with ejs (a snarkjs dependency, untyped). */
const ejs = createRequire(import.meta.url)("ejs") as { render(template: string, data: object): string };

/** A verification key as snarkjs exports it (vkey.json); the templates read its fields. */
export type VerificationKey = { protocol: string; nPublic: number } & Record<string, unknown>;

/** What a verifier is for, which the key alone does not say: the entry points beyond its own checks follow from it. */
export interface VerifierOptions {
  /**
   * An inference circuit: its public signals end with the weights commitment and the binding (circuits/manifest.json).
   * Its Groth16 verifier also gets `weightsBase` and `verifyProofFromBase` (circuits/src/build/groth16WeightsBase.ts);
   * a PLONK verifier gets nothing more. False for any other layout, e.g. the fairness audits'.
   */
  inference: boolean;
}

/**
 * The options of an inference circuit's verifier, after checking that its layout (the manifest's or a compiled
 * plan's public signals) ends with the weights commitment and the binding, where `verifyProofFromBase` expects them.
 */
export function inferenceVerifierOptions(id: string, publicSignals: readonly { signal: string }[]): VerifierOptions {
  const tail = publicSignals.slice(-2).map((s) => s.signal);
  if (tail.join() !== "weightsCommitment,binding") {
    throw new Error(
      `${id}: an inference circuit's public signals end with weightsCommitment and binding, not ${tail.join(", ")}`,
    );
  }
  return { inference: true };
}

/**
 * snarkjs's Solidity verifier with the batch entry point `verifyProofs` added (circuits/src/build/batchVerifier.ts)
 * and, for Groth16, its `verifyProof` rewritten for gas (circuits/src/build/groth16SingleVerifier.ts) and, for an
 * inference circuit, the weights-base entry points (circuits/src/build/groth16WeightsBase.ts), renamed and pinned to
 * the project's compiler version.
 */
export async function exportVerifier(
  backend: Backend,
  zkey: string,
  contract: string,
  id: string,
  options: VerifierOptions,
): Promise<string> {
  return renderVerifier(backend, (await zKey.exportVerificationKey(zkey)) as VerificationKey, contract, id, options);
}

/** What exportVerifier writes, from the verification key alone (the zkey's vkey.json): the same source. */
export function renderVerifier(
  backend: Backend,
  vkey: VerificationKey,
  contract: string,
  id: string,
  options: VerifierOptions,
): string {
  if (vkey.protocol !== backend) throw new Error(`${id}: a ${vkey.protocol} key cannot make a ${backend} verifier`);
  const rendered = ejs.render(templates[backend], vkey);
  const single =
    backend === "groth16"
      ? replaceVerifyProof(
          rendered,
          groth16VerifyProofFunction(vkey.nPublic) +
            (options.inference ? groth16WeightsBaseFunctions(vkey.nPublic) : ""),
        )
      : rendered;
  const source = appendToContract(
    single,
    backend === "groth16" ? groth16BatchFunction(vkey.nPublic) : plonkBatchFunctions(single, vkey.nPublic),
  );
  const generated = backend === "groth16" ? "Groth16Verifier" : "PlonkVerifier";
  if (!source.includes(`contract ${generated}`)) throw new Error(`unexpected verifier template output for ${id}`);
  const header = [
    "// SPDX-License-Identifier: GPL-3.0",
    `// ${backend === "groth16" ? "Groth16" : "PLONK"} verifier of circuit ${id}, generated by snarkjs from a DEV trusted setup`,
    "// (npm run circuits:build). Do not edit: rebuild instead. Public-signal layout: circuits/manifest.json.",
  ].join("\n");
  return `${header}\n${source
    .replace(/^\/\/ SPDX-License-Identifier:.*\n/m, "")
    .replace(/pragma solidity [^;]+;/, `pragma solidity ${pinnedSolc()};`)
    .replace(`contract ${generated}`, `contract ${contract}`)}`;
}
