import { assertFieldElement, FatalError } from "@symbiote/sdk";
import type { Groth16Proof, PlonkProof } from "snarkjs";

/** Arguments of a snarkjs Groth16 verifier's verifyProof(uint[2], uint[2][2], uint[2], uint[N]), typed for viem. */
export type Groth16Calldata = {
  a: readonly [bigint, bigint];
  b: readonly [readonly [bigint, bigint], readonly [bigint, bigint]];
  c: readonly [bigint, bigint];
  publicSignals: bigint[];
};

/** Arguments of a snarkjs PLONK verifier's verifyProof(uint256[24], uint256[N]). */
export type PlonkCalldata = {
  proof: bigint[];
  publicSignals: bigint[];
};

function words(values: readonly string[] | undefined, count: number, label: string): bigint[] {
  if (!values || values.length < count)
    throw new FatalError(`proof field ${label} is malformed; regenerate the proof.`);
  return values.slice(0, count).map((v) => BigInt(v));
}

function signals(publicSignals: readonly (string | bigint)[]): bigint[] {
  return publicSignals.map((s, i) => {
    const value = BigInt(s);
    assertFieldElement(value, `public signal ${i}`);
    return value;
  });
}

/**
 * Formats a snarkjs Groth16 proof for the Solidity verifier. The G2 point's coordinates are swapped into the
 * (imaginary, real) order the EIP-197 pairing precompile expects.
 */
export function formatGroth16Calldata(
  proof: Groth16Proof,
  publicSignals: readonly (string | bigint)[],
): Groth16Calldata {
  const [ax, ay] = words(proof.pi_a, 2, "pi_a") as [bigint, bigint];
  const b0 = words(proof.pi_b[0], 2, "pi_b[0]") as [bigint, bigint];
  const b1 = words(proof.pi_b[1], 2, "pi_b[1]") as [bigint, bigint];
  const [cx, cy] = words(proof.pi_c, 2, "pi_c") as [bigint, bigint];
  return {
    a: [ax, ay],
    b: [
      [b0[1], b0[0]],
      [b1[1], b1[0]],
    ],
    c: [cx, cy],
    publicSignals: signals(publicSignals),
  };
}

const PLONK_POINTS = ["A", "B", "C", "Z", "T1", "T2", "T3", "Wxi", "Wxiw"] as const;
const PLONK_EVALUATIONS = ["eval_a", "eval_b", "eval_c", "eval_s1", "eval_s2", "eval_zw"] as const;

/** Formats a snarkjs PLONK proof as the 24 words its Solidity verifier takes (9 points, then 6 evaluations). */
export function formatPlonkCalldata(proof: PlonkProof, publicSignals: readonly (string | bigint)[]): PlonkCalldata {
  const points = PLONK_POINTS.flatMap((name) => words(proof[name] as string[] | undefined, 2, name));
  const evaluations = PLONK_EVALUATIONS.map((name) => {
    const value = proof[name];
    if (typeof value !== "string") throw new FatalError(`proof field ${name} is malformed; regenerate the proof.`);
    return BigInt(value);
  });
  return { proof: [...points, ...evaluations], publicSignals: signals(publicSignals) };
}
