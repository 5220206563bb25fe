// The subset of snarkjs 0.7 this project calls (snarkjs ships no type declarations).
declare module "snarkjs" {
  type FileLike = string | Uint8Array | { type: "mem"; data?: Uint8Array };
  type Logger = {
    info(msg: string): void;
    warn(msg: string): void;
    error(msg: string): void;
    debug(msg: string): void;
  };

  export type Groth16Proof = { pi_a: string[]; pi_b: string[][]; pi_c: string[]; protocol: "groth16"; curve: string };
  export type PlonkProof = Record<string, string[] | string> & { protocol: "plonk"; curve: string };
  export type VerificationKey = Record<string, unknown> & { protocol: string; nPublic: number };

  export const groth16: {
    prove(
      zkey: FileLike,
      witness: FileLike,
      logger?: Logger,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(
      vkey: VerificationKey,
      publicSignals: readonly string[],
      proof: Groth16Proof,
      logger?: Logger,
    ): Promise<boolean>;
  };
  export const plonk: {
    setup(r1cs: FileLike, ptau: FileLike, zkey: FileLike, logger?: Logger): Promise<number | undefined>;
    prove(zkey: FileLike, witness: FileLike, logger?: Logger): Promise<{ proof: PlonkProof; publicSignals: string[] }>;
    verify(
      vkey: VerificationKey,
      publicSignals: readonly string[],
      proof: PlonkProof,
      logger?: Logger,
    ): Promise<boolean>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string, logger?: Logger): Promise<unknown>;
    contribute(oldFile: string, newFile: string, name: string, entropy: string, logger?: Logger): Promise<unknown>;
    beacon(
      oldFile: string,
      newFile: string,
      name: string,
      beaconHash: string,
      iterationsExp: number,
      logger?: Logger,
    ): Promise<unknown>;
    preparePhase2(oldFile: string, newFile: string, logger?: Logger): Promise<unknown>;
    verify(file: string, logger?: Logger): Promise<boolean>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<unknown>;
    /** Returns the contribution hash (blake2b-512). */
    contribute(oldFile: string, newFile: string, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(
      oldFile: string,
      newFile: string,
      name: string,
      beaconHash: string,
      iterationsExp: number,
      logger?: Logger,
    ): Promise<unknown>;
    verifyFromInit(initFile: string, ptau: string, zkey: string, logger?: Logger): Promise<boolean>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<boolean>;
    exportVerificationKey(zkey: FileLike, logger?: Logger): Promise<VerificationKey>;
    exportSolidityVerifier(zkey: FileLike, templates: Record<string, string>, logger?: Logger): Promise<string>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasm: FileLike, witness: FileLike, logger?: Logger): Promise<void>;
  };
  export const r1cs: {
    info(r1cs: FileLike, logger?: Logger): Promise<{ nConstraints: number; nPubInputs: number; nOutputs: number }>;
  };
  export const curves: {
    getCurveFromName(name: string): Promise<{ terminate(): Promise<void> }>;
  };
}
