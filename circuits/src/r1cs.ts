import { FatalError, FIELD_MODULUS } from "@symbiote/sdk";

/** A linear combination: wire index and coefficient pairs. */
type LinearCombination = { wires: Uint32Array; coefficients: bigint[] };

/** An R1CS as circom writes it: A·w * B·w = C·w per constraint, plus the wire layout. */
export type R1cs = {
  nWires: number;
  nOutputs: number;
  nPublicInputs: number;
  nPrivateInputs: number;
  nConstraints: number;
  constraints: [LinearCombination, LinearCombination, LinearCombination][];
};

/**
 * Parses a circom .r1cs file (format version 1): the header and the constraints. Custom gates are not used by
 * these circuits and are refused.
 */
export function parseR1cs(bytes: Uint8Array): R1cs {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== "r1cs") {
    throw new FatalError("not an .r1cs file; pass the circuit's compiled r1cs.");
  }
  const sections = new Map<number, { offset: number; size: number }>();
  let pos = 12;
  const nSections = view.getUint32(8, true);
  for (let s = 0; s < nSections; s++) {
    const type = view.getUint32(pos, true);
    const size = Number(view.getBigUint64(pos + 4, true));
    sections.set(type, { offset: pos + 12, size });
    pos += 12 + size;
  }
  const header = sections.get(1);
  const body = sections.get(2);
  if (!header || !body)
    throw new FatalError("the .r1cs file lacks its header or constraint section; recompile the circuit.");
  let h = header.offset;
  const n8 = view.getUint32(h, true);
  h += 4;
  let prime = 0n;
  for (let i = n8 - 1; i >= 0; i--) prime = (prime << 8n) | BigInt(bytes[h + i] as number);
  if (prime !== FIELD_MODULUS) throw new FatalError("the .r1cs file is not over BN254; recompile for bn128.");
  h += n8;
  const nWires = view.getUint32(h, true);
  const nOutputs = view.getUint32(h + 4, true);
  const nPublicInputs = view.getUint32(h + 8, true);
  const nPrivateInputs = view.getUint32(h + 12, true);
  const nConstraints = view.getUint32(h + 24, true);

  let c = body.offset;
  const readScalar = (at: number): bigint => {
    let v = 0n;
    for (let i = n8 - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i] as number);
    return v;
  };
  const readLc = (): LinearCombination => {
    const n = view.getUint32(c, true);
    c += 4;
    const wires = new Uint32Array(n);
    const coefficients: bigint[] = new Array(n);
    for (let i = 0; i < n; i++) {
      wires[i] = view.getUint32(c, true);
      coefficients[i] = readScalar(c + 4);
      c += 4 + n8;
    }
    return { wires, coefficients };
  };
  const constraints: R1cs["constraints"] = [];
  for (let i = 0; i < nConstraints; i++) constraints.push([readLc(), readLc(), readLc()]);
  return { nWires, nOutputs, nPublicInputs, nPrivateInputs, nConstraints, constraints };
}

function evaluate(lc: LinearCombination, witness: readonly bigint[]): bigint {
  let acc = 0n;
  for (let i = 0; i < lc.wires.length; i++)
    acc += (lc.coefficients[i] as bigint) * (witness[lc.wires[i] as number] as bigint);
  return acc % FIELD_MODULUS;
}

/** Indices of every constraint the witness violates (empty when it satisfies the R1CS). */
export function violatedConstraints(r1cs: R1cs, witness: readonly bigint[]): number[] {
  if (witness.length !== r1cs.nWires) {
    throw new FatalError(
      `the witness has ${witness.length} wires but the r1cs has ${r1cs.nWires}; they belong to different circuits.`,
    );
  }
  const violated: number[] = [];
  r1cs.constraints.forEach(([a, b, c], i) => {
    if ((evaluate(a, witness) * evaluate(b, witness) - evaluate(c, witness)) % FIELD_MODULUS !== 0n) violated.push(i);
  });
  return violated;
}

/** The wires a constraint reads. */
export function constraintWires(r1cs: R1cs, index: number): Set<number> {
  const constraint = r1cs.constraints[index];
  if (!constraint) throw new FatalError(`constraint ${index} does not exist (the r1cs has ${r1cs.nConstraints}).`);
  return new Set(constraint.flatMap((lc) => [...lc.wires]));
}

/**
 * Index of the first constraint the witness violates, or -1 when A·w * B·w = C·w holds for all of them —
 * the check a verifier's pairing equation amounts to, run directly on a (possibly tampered) witness.
 */
export function firstViolatedConstraint(r1cs: R1cs, witness: readonly bigint[]): number {
  if (witness.length !== r1cs.nWires) {
    throw new FatalError(
      `the witness has ${witness.length} wires but the r1cs has ${r1cs.nWires}; they belong to different circuits.`,
    );
  }
  for (let i = 0; i < r1cs.constraints.length; i++) {
    const [a, b, c] = r1cs.constraints[i] as R1cs["constraints"][number];
    if ((evaluate(a, witness) * evaluate(b, witness) - evaluate(c, witness)) % FIELD_MODULUS !== 0n) return i;
  }
  return -1;
}
