/**
 * Committed or baked weights for a dense model, chosen by measured cost. Committed weights (private inputs, range
 * checked and opened against the registered commitment) cost about 16 constraints per parameter, but one circuit,
 * one setup and one verifier serve every version of the shape. Baked weights (constants) make the linear layers
 * free, leaving each neuron's rescale and ReLU, but every version needs its own setup, verifier and registration,
 * and whoever holds the proving artifacts reads the weights. A Groth16 proof's time follows its FFT domain (the
 * FFTs and the H multi-exponentiation snarkjs spends most of a proof on), so baking pays only when it reaches a
 * smaller domain.
 */

export type WeightsMode = "committed" | "baked";

/** A compiled circuit's size: its R1CS constraints and public signals. */
export interface CircuitCost {
  constraints: number;
  publicSignals: number;
}

/** log2 of the Groth16 domain a circuit needs (what its Powers of Tau must cover). */
export function groth16DomainLog2(cost: CircuitCost): number {
  return Math.ceil(Math.log2(cost.constraints + cost.publicSignals + 1));
}

export interface WeightsChoice {
  mode: WeightsMode;
  committedDomainLog2: number;
  bakedDomainLog2: number;
  reason: string;
}

/**
 * Picks baked weights when their circuit needs a smaller Groth16 domain than the committed-weights circuit (each
 * power of two roughly halves the proof), committed weights otherwise (one setup for every version).
 */
export function chooseWeights(committed: CircuitCost, baked: CircuitCost): WeightsChoice {
  const c = groth16DomainLog2(committed);
  const b = groth16DomainLog2(baked);
  if (b < c) {
    return {
      mode: "baked",
      committedDomainLog2: c,
      bakedDomainLog2: b,
      reason: `baked weights need a 2^${b} domain instead of 2^${c} (${committed.constraints} -> ${baked.constraints} constraints): proofs about ${2 ** (c - b)}x cheaper, at one setup and verifier per version`,
    };
  }
  return {
    mode: "committed",
    committedDomainLog2: c,
    bakedDomainLog2: b,
    reason: `both need a 2^${c} domain: committed weights keep one setup and one verifier for every version`,
  };
}
