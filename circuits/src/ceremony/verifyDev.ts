import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { zKey } from "snarkjs";
import { DEV_BEACON, DEV_BEACON_ITERATIONS_EXP, ensurePtau, PTAU_POWER } from "../build/ptau.ts";
import { inferenceVerifierOptions, plonkSetup, renderVerifier, type VerificationKey } from "../build/setup.ts";
import type { BackendArtifacts, Manifest } from "../manifest.ts";
import { vkeyText } from "./ceremonyKeys.ts";
import { CeremonyError, CeremonyVerificationError } from "./errors.ts";
import { blake2bFile, sha256File, sha256Text } from "./hash.ts";
import { checkZkey } from "./zkeyChain.ts";

/**
 * blake2b-512 of the dev Powers of Tau (2^15) that circuits/src/build/ptau.ts generates: a new accumulator, the
 * public DEV_BEACON, phase-2 preparation. Every machine gets this file; verify-dev checks it did.
 */
export const DEV_PTAU_BLAKE2B =
  "e734fdd22d8621327909323c1b3ddd3197bc167d21335f63f96b65ed099923f2f17e749e495010412d3220f45ee55eca4835768579c3624dd9dcc6fb519fbcc7";

export type VerifyDevOptions = { manifest: Manifest; root: string; log: (msg: string) => void };

/** Whether a backend's keys come from a ceremony (its own record, else the manifest's): verify-dev skips them. */
const isCeremony = (manifest: Manifest, b: BackendArtifacts) => (b.setup?.kind ?? manifest.setup.kind) === "ceremony";

/**
 * Regenerates the dev Powers of Tau from its public recipe and checks every committed Groth16 zkey against its
 * committed r1cs with snarkjs `zkey verify`, and that its one contribution is the public dev beacon, then derives
 * every dev PLONK key again ({@link verifyDevPlonk}): the dev keys are what they claim to be, and (by construction)
 * forgeable by anyone. Returns the builds checked, "<id>/<backend>".
 */
export async function verifyDev(o: VerifyDevOptions): Promise<string[]> {
  const ptau = await ensurePtau(o.log);
  const hash = blake2bFile(ptau);
  if (hash !== DEV_PTAU_BLAKE2B) {
    throw new CeremonyVerificationError(
      "dev ptau",
      `${ptau} has blake2b ${hash.slice(0, 16)}…, the recipe's is ${DEV_PTAU_BLAKE2B.slice(0, 16)}…: delete ` +
        "circuits/.work/ptau and run again (a file from before the reproducible recipe is in the way)",
    );
  }
  o.log(`dev ptau 2^${PTAU_POWER} regenerated: blake2b ${hash}`);
  const work = mkdtempSync(join(tmpdir(), "symbiote-verify-dev-"));
  const verified: string[] = [];
  try {
    for (const circuit of o.manifest.circuits) {
      const g = circuit.backends.find((b) => b.backend === "groth16");
      if (!g?.r1cs || g.zkey.committed === false || isCeremony(o.manifest, g)) continue;
      const r1cs = resolve(o.root, g.r1cs.path);
      const zkey = resolve(o.root, g.zkey.path);
      for (const [path, sha] of [
        [r1cs, g.r1cs.sha256],
        [zkey, g.zkey.sha256],
      ] as const) {
        if (!existsSync(path) || sha256File(path) !== sha) {
          throw new CeremonyError(`${path} is missing or does not match the manifest; restore it from git.`);
        }
      }
      o.log(`${circuit.id}: zkey verify against ${g.r1cs.path} and the dev ptau`);
      const init = join(work, `${circuit.id}.zkey`);
      await zKey.newZKey(r1cs, ptau, init);
      const check = await checkZkey(init, ptau, zkey);
      if (!check.ok) {
        throw new CeremonyVerificationError(circuit.id, `${g.zkey.path} fails zkey verify`, check.errors.join("\n"));
      }
      const [only, ...more] = check.contributions;
      if (
        more.length > 0 ||
        only?.beacon?.value !== DEV_BEACON ||
        only.beacon.iterationsExp !== DEV_BEACON_ITERATIONS_EXP
      ) {
        throw new CeremonyVerificationError(
          circuit.id,
          `${g.zkey.path} holds ${check.contributions.length} contribution(s), not exactly the public dev beacon`,
        );
      }
      verified.push(`${circuit.id}/groth16`);
    }
    verified.push(...(await verifyDevPlonk({ ...o, ptau, work })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  o.log(
    `dev keys verified: ${verified.join(", ")}. They are DEV keys: the ptau's and the zkeys' only randomness is ` +
      "public, so anyone can forge proofs with them.",
  );
  return verified;
}

/**
 * Derives each dev PLONK key again from its committed r1cs and the dev ptau (`plonk setup` draws no randomness) and
 * checks that it is, byte for byte, the zkey the manifest records (the file itself is not committed: about 40 MB),
 * with the committed vkey.json and the committed verifier. Returns the builds checked, "<id>/plonk".
 */
export async function verifyDevPlonk(o: VerifyDevOptions & { ptau: string; work: string }): Promise<string[]> {
  const verified: string[] = [];
  for (const circuit of o.manifest.circuits) {
    const p = circuit.backends.find((b) => b.backend === "plonk");
    if (!p || isCeremony(o.manifest, p)) continue;
    const link = `${circuit.id}/plonk`;
    if (
      !p.r1cs ||
      !existsSync(resolve(o.root, p.r1cs.path)) ||
      sha256File(resolve(o.root, p.r1cs.path)) !== p.r1cs.sha256
    ) {
      throw new CeremonyError(
        `${link}: its committed r1cs is missing or does not match the manifest; restore it from git.`,
      );
    }
    o.log(`${link}: plonk setup from ${p.r1cs.path} and the dev ptau`);
    const zkey = join(o.work, `${circuit.id}.plonk.zkey`);
    await plonkSetup(resolve(o.root, p.r1cs.path), o.ptau, zkey);
    const sha256 = sha256File(zkey);
    if (sha256 !== p.zkey.sha256) {
      throw new CeremonyVerificationError(
        link,
        `the dev ptau and the r1cs give a zkey of sha256 ${sha256}, the manifest records ${p.zkey.sha256}`,
      );
    }
    const vkey = (await zKey.exportVerificationKey(zkey)) as VerificationKey;
    const committed = (path: string) =>
      existsSync(resolve(o.root, path)) ? readFileSync(resolve(o.root, path), "utf8") : "";
    if (vkeyText(vkey) !== committed(p.vkey.path) || sha256Text(vkeyText(vkey)) !== p.vkey.sha256) {
      throw new CeremonyVerificationError(link, `${p.vkey.path} is not the derived key's verification key`);
    }
    const verifier = renderVerifier(
      "plonk",
      vkey,
      p.verifier.contract,
      circuit.id,
      inferenceVerifierOptions(circuit.id, circuit.publicSignals),
    );
    if (verifier !== committed(p.verifier.path) || sha256Text(verifier) !== p.verifier.sha256) {
      throw new CeremonyVerificationError(link, `${p.verifier.path} is not the verifier exported from the derived key`);
    }
    verified.push(link);
  }
  return verified;
}
