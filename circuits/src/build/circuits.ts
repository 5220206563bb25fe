import type { CircuitShape, InputMode } from "@symbiote/sdk";
import type { Backend } from "../manifest.ts";

/** A circuit the build compiles and sets up: one entry file in circuits/models/. */
export type CircuitSpec = {
  id: string;
  entry: string;
  shape: CircuitShape;
  inputMode: InputMode;
  backends: Backend[];
  /** Solidity contract name per backend. */
  verifiers: Partial<Record<Backend, string>>;
};

/** Every circuit of the project. Add a circuit here and in circuits/models/, then run `npm run circuits:build`. */
export const CIRCUITS: CircuitSpec[] = [
  {
    id: "classifier16-public",
    entry: "circuits/models/classifier16_public.circom",
    shape: { family: "classifier", n: 16 },
    inputMode: "public",
    backends: ["groth16", "plonk"],
    verifiers: { groth16: "Classifier16PublicVerifier", plonk: "Classifier16PublicPlonkVerifier" },
  },
  {
    id: "classifier16-committed",
    entry: "circuits/models/classifier16_committed.circom",
    shape: { family: "classifier", n: 16 },
    inputMode: "committed",
    backends: ["groth16", "plonk"],
    verifiers: { groth16: "Classifier16CommittedVerifier", plonk: "Classifier16CommittedPlonkVerifier" },
  },
  {
    id: "mlp16x32x4-public",
    entry: "circuits/models/mlp16x32x4_public.circom",
    shape: { family: "mlp", n: 16, h: 32, k: 4 },
    inputMode: "public",
    backends: ["groth16"],
    verifiers: { groth16: "Mlp16x32x4PublicVerifier" },
  },
  {
    id: "mlp16x32x4-committed",
    entry: "circuits/models/mlp16x32x4_committed.circom",
    shape: { family: "mlp", n: 16, h: 32, k: 4 },
    inputMode: "committed",
    backends: ["groth16"],
    verifiers: { groth16: "Mlp16x32x4CommittedVerifier" },
  },
  {
    id: "recommender16x32-public",
    entry: "circuits/models/recommender16x32_public.circom",
    shape: { family: "recommender", d: 16, m: 32, topK: 3 },
    inputMode: "public",
    backends: ["groth16"],
    verifiers: { groth16: "Recommender16x32PublicVerifier" },
  },
  {
    id: "recommender16x32-committed",
    entry: "circuits/models/recommender16x32_committed.circom",
    shape: { family: "recommender", d: 16, m: 32, topK: 3 },
    inputMode: "committed",
    backends: ["groth16"],
    verifiers: { groth16: "Recommender16x32CommittedVerifier" },
  },
];
