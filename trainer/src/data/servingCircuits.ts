import { modelRegistryAbi } from "@symbiote/sdk";
import type { Address, Chain, PublicClient, Transport } from "viem";
import type { ModelArtifact } from "../train/artifact.ts";
import { NoMatchingCircuitError } from "./rewardErrors.ts";

export type InputMode = "public" | "committed";
export type ProofSystem = "groth16" | "plonk";

/** IModelRegistry enums, in declaration order. */
const FAMILY_INDEX: Record<ModelArtifact["family"], number> = { classifier: 0, mlp: 1, recommender: 2 };
const MODE_INDEX: Record<InputMode, number> = { public: 0, committed: 1 };
const PROOF_SYSTEM_INDEX: Record<ProofSystem, number> = { groth16: 0, plonk: 1 };

/** The circuit shape the registry records for an artifact: classifier [N, 0, 0]; MLP [N, H, K]; recommender [D, M, k]. */
export function registryShapeOf(artifact: Pick<ModelArtifact, "family" | "shape">): [number, number, number] {
  const { shape } = artifact;
  switch (artifact.family) {
    case "classifier":
      return [shape.inputs, 0, 0];
    case "mlp":
      return [shape.inputs, shape.hidden ?? 0, shape.outputs];
    case "recommender":
      return [shape.inputs, shape.items ?? 0, shape.topK ?? 0];
  }
}

type RegistryCircuit = {
  family: number;
  inputMode: number;
  proofSystem: number;
  active: boolean;
  shape: readonly number[];
};

/** Whether a registry circuit proves this artifact's family and shape (any input mode, any proof system). */
export function circuitFits(circuit: Pick<RegistryCircuit, "family" | "shape">, artifact: ModelArtifact): boolean {
  const shape = registryShapeOf(artifact);
  return circuit.family === FAMILY_INDEX[artifact.family] && shape.every((value, i) => circuit.shape[i] === value);
}

const describe = (artifact: ModelArtifact) => `${artifact.family} of shape [${registryShapeOf(artifact).join(", ")}]`;

/**
 * Picks, for each requested input mode, the active registry circuit that proves the artifact's family and shape with
 * the given proof system (the lowest id if governance registered several). Without `modes`, every mode that has such
 * a circuit is offered.
 *
 * @throws {NoMatchingCircuitError} a requested mode has no fitting circuit, or no mode has one.
 */
export async function chooseServingCircuits(
  publicClient: PublicClient<Transport, Chain>,
  registry: Address,
  artifact: ModelArtifact,
  options: { modes?: readonly InputMode[]; proofSystem?: ProofSystem } = {},
): Promise<{ public: number; committed: number }> {
  const proofSystem = options.proofSystem ?? "groth16";
  const count = await publicClient.readContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: "circuitCount",
  });
  const found: Partial<Record<InputMode, number>> = {};
  for (let id = 1; id <= count; id++) {
    const circuit = await publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [id],
    });
    if (!circuit.active || circuit.proofSystem !== PROOF_SYSTEM_INDEX[proofSystem] || !circuitFits(circuit, artifact)) {
      continue;
    }
    const mode: InputMode = circuit.inputMode === MODE_INDEX.public ? "public" : "committed";
    found[mode] ??= id;
  }
  const wanted = options.modes ?? (["public", "committed"] as const).filter((mode) => found[mode] !== undefined);
  if (wanted.length === 0) {
    throw new NoMatchingCircuitError(
      `the registry has no active ${proofSystem} circuit for a ${describe(artifact)}; governance must register one (see docs/deployment.md), or pick another --proof-system.`,
    );
  }
  for (const mode of wanted) {
    if (found[mode] === undefined) {
      throw new NoMatchingCircuitError(
        `the registry has no active ${proofSystem} ${mode}-input circuit for a ${describe(artifact)}; offer another input mode (--modes) or ask governance to register one.`,
      );
    }
  }
  return {
    public: wanted.includes("public") ? (found.public as number) : 0,
    committed: wanted.includes("committed") ? (found.committed as number) : 0,
  };
}
