import { inputModeName, modelRegistryAbi, resolveCircuit } from "@symbiote/sdk";
import type { Address, Hex } from "viem";
import type { Explorer } from "./connect.ts";

/** One published version of a model. */
export type VersionView = {
  version: number;
  weightsCommitment: bigint;
  trainingDataRoot: Hex;
  totalDataWeight: bigint;
  publishedAt: bigint;
  metadataURI: string;
  flagged: boolean;
  flagReasonURI: string;
};

/** A circuit a model is offered on, matched to circuits/manifest.json when the artifacts are known. */
export type CircuitView = {
  id: number;
  mode: "public" | "committed";
  family: string;
  proofSystem: "Groth16" | "PLONK";
  active: boolean;
  verifier: Address;
  /** The manifest's name for it, or why it has none. */
  manifestId?: string;
  unknownArtifacts?: string;
};

export type ModelView = {
  id: bigint;
  owner: Address;
  feePerInference: bigint;
  community: boolean;
  circuits: CircuitView[];
  /** Newest first. */
  versions: VersionView[];
};

/** Display names by registry family (CircuitFamily order). */
const FAMILY = ["classifier", "MLP", "recommender", "dense network", "tree ensemble"] as const;

/** Most models and versions one page reads: the registry is read with one batched call per level. */
export const MAX_MODELS = 200;
export const MAX_VERSIONS = 50;

/**
 * Every model in the registry (up to {@link MAX_MODELS}) with its circuits and its versions (newest
 * {@link MAX_VERSIONS}): commitments, training-data roots, model cards and governance flags with their reasons.
 * Reads are issued all at once per level; the client batches them into a few posts.
 */
export async function loadModels(explorer: Explorer, only?: bigint): Promise<ModelView[]> {
  const { client, deployment, manifest } = explorer;
  const registry = { address: deployment.registry, abi: modelRegistryAbi } as const;
  const count = await client.readContract({ ...registry, functionName: "modelCount" });
  const ids =
    only !== undefined
      ? only >= 1n && only <= count
        ? [only]
        : []
      : Array.from({ length: Math.min(Number(count), MAX_MODELS) }, (_, i) => count - BigInt(i));
  const models = await Promise.all(
    ids.map((id) => client.readContract({ ...registry, functionName: "model", args: [id] })),
  );
  const circuitIds = [
    ...new Set(models.flatMap((m) => [m.publicCircuitId, m.committedCircuitId]).filter((c) => c > 0)),
  ];
  const [circuits, versions] = await Promise.all([
    Promise.all(circuitIds.map((id) => client.readContract({ ...registry, functionName: "circuit", args: [id] }))),
    Promise.all(
      models.map((m, i) => {
        const newest = m.versionCount;
        const numbers = Array.from({ length: Math.min(newest, MAX_VERSIONS) }, (_, k) => newest - k);
        return Promise.all(
          numbers.map((v) =>
            client.readContract({ ...registry, functionName: "version", args: [ids[i] as bigint, v] }),
          ),
        );
      }),
    ),
  ]);
  const circuitViews = new Map<number, CircuitView>(
    circuits.map((c, i) => {
      const id = circuitIds[i] as number;
      const view: CircuitView = {
        id,
        mode: inputModeName(c.inputMode),
        family: FAMILY[c.family] ?? `family ${c.family}`,
        proofSystem: c.proofSystem === 1 ? "PLONK" : "Groth16",
        active: c.active,
        verifier: c.verifier,
      };
      try {
        view.manifestId = resolveCircuit(manifest, { circuitId: id, ...c }).manifestId;
      } catch (error) {
        view.unknownArtifacts = (error as Error).message;
      }
      return [id, view];
    }),
  );
  return models.map((m, i) => {
    const id = ids[i] as bigint;
    return {
      id,
      owner: m.owner,
      feePerInference: m.feePerInference,
      community: m.community,
      circuits: [m.publicCircuitId, m.committedCircuitId].flatMap((c) => {
        const view = circuitViews.get(c);
        return view ? [view] : [];
      }),
      versions: (versions[i] ?? []).map((v, k) => ({
        version: m.versionCount - k,
        weightsCommitment: v.weightsCommitment,
        trainingDataRoot: v.trainingDataRoot,
        totalDataWeight: v.totalDataWeight,
        publishedAt: v.publishedAt,
        metadataURI: v.metadataURI,
        flagged: v.flagged,
        flagReasonURI: v.flagReasonURI,
      })),
    };
  });
}
