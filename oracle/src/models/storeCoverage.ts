import type { Manifest, ModelStore } from "@symbiote/circuits";
import { modelRegistryAbi, type RegistryCircuit, resolveCircuit } from "@symbiote/sdk";
import type { Address, Chain, PublicClient, Transport } from "viem";

export type StoreCoverage = {
  /** Active circuits in the registry. */
  active: number;
  /** Active circuits whose wasm, zkey and verification key the store holds. */
  servable: { circuitId: number; manifestId: string }[];
  /** Active circuits this node cannot prove for, and why. */
  missing: { circuitId: number; reason: string }[];
};

/**
 * Which of the registry's active circuits the store can prove for. A public-input request may be assigned to any
 * operator whatever its circuit, so a circuit missing here is a request this node would fail and leave to time out.
 */
export async function storeCoverage(
  client: PublicClient<Transport, Chain>,
  registry: Address,
  manifest: Manifest,
  store: ModelStore,
): Promise<StoreCoverage> {
  const count = Number(
    await client.readContract({ address: registry, abi: modelRegistryAbi, functionName: "circuitCount" }),
  );
  const coverage: StoreCoverage = { active: 0, servable: [], missing: [] };
  for (let circuitId = 1; circuitId <= count; circuitId++) {
    const circuit = (await client.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: "circuit",
      args: [circuitId],
    })) as Omit<RegistryCircuit, "circuitId"> & { active: boolean };
    if (!circuit.active) continue;
    coverage.active++;
    let resolved: ReturnType<typeof resolveCircuit>;
    try {
      resolved = resolveCircuit(manifest, { ...circuit, circuitId });
    } catch (error) {
      coverage.missing.push({ circuitId, reason: (error as Error).message.split("\n")[0] as string });
      continue;
    }
    const { wasm, zkey, vkey } = resolved.artifacts;
    if ([wasm, zkey, vkey].every((ref) => store.hasBlob(ref.sha256))) {
      coverage.servable.push({ circuitId, manifestId: resolved.manifestId });
    } else {
      coverage.missing.push({ circuitId, reason: `${resolved.manifestId} (${resolved.backend}): not in the store` });
    }
  }
  return coverage;
}
