import type { Manifest, ModelStore } from "@symbiote/circuits";
import { fitsShape } from "@symbiote/circuits";
import { modelRegistryAbi, type RegistryCircuit, type ResolvedCircuit, resolveCircuit } from "@symbiote/sdk";
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import { readMany } from "../chain/readMany.ts";
import { type BindingRefusal, bindingRefusal, type PublishedVersion } from "./publisherBinding.ts";

/** One version of one model, as `declareServedVersions` takes it. */
export type ModelVersion = { modelId: bigint; version: number };

/**
 * Whether this node's store can prove requests on a version, and if not, what is missing. `notServed` says that the
 * store holds the weights but will not serve them for this version: they name no publisher, or another model owner or
 * training data than the version's (a copy, see publisherBinding.ts).
 */
export type VersionProvability = ModelVersion & { weightsCommitment: bigint } & (
    | { provable: true }
    | { provable: false; missing: string; notServed?: BindingRefusal }
  );

/** `model 3 version 2`: how versions are named in messages. */
export const versionLabel = ({ modelId, version }: ModelVersion): string => `model ${modelId} version ${version}`;

/**
 * Every version of every model in the registry, with whether this store can prove requests on it: the artifacts of
 * each active circuit the model is served on (wasm, zkey and verification key, present and re-hashed), and weights that
 * open the version's commitment and fit those circuits. A version whose circuits are all retired cannot be requested,
 * and so is not provable either, and neither is a version whose model owner or training data is not the one the weights
 * were handed over for (a copy registered first with the owner's commitment, see {@link bindingRefusal}). An operator
 * must declare only provable versions: it is drawn for, and slashed on, the versions it declares.
 */
export async function versionProvability(
  client: PublicClient<Transport, Chain>,
  registry: Address,
  manifest: Manifest,
  store: ModelStore,
  options: {
    /** Re-hash the circuit artifacts found (default); false when `store.verifyAll()` just did. */
    rehash?: boolean;
  } = {},
): Promise<VersionProvability[]> {
  const rehash = options.rehash ?? true;
  const read = <T>(functionName: string, args: unknown[] = []) =>
    client.readContract({ address: registry, abi: modelRegistryAbi, functionName, args } as never) as Promise<T>;
  const circuits = new Map<number, Promise<{ resolved?: ResolvedCircuit; missing?: string; active: boolean }>>();
  const circuitOf = (circuitId: number) => {
    let found = circuits.get(circuitId);
    if (!found) {
      found = read<Omit<RegistryCircuit, "circuitId"> & { active: boolean }>("circuit", [circuitId]).then((c) =>
        circuitStatus(manifest, store, { ...c, circuitId }, rehash),
      );
      circuits.set(circuitId, found);
    }
    return found;
  };
  const modelCount = Number(await read<bigint>("modelCount"));
  const modelIds = Array.from({ length: modelCount }, (_, i) => BigInt(i + 1));
  const models = await readMany(modelIds, (modelId) =>
    read<{ owner: Address; publicCircuitId: number; committedCircuitId: number; versionCount: number }>("model", [
      modelId,
    ]),
  );
  const out: VersionProvability[] = [];
  for (const [i, model] of models.entries()) {
    const modelId = modelIds[i] as bigint;
    const circuitIds = [model.publicCircuitId, model.committedCircuitId].filter((id) => id !== 0);
    const statuses = (await Promise.all(circuitIds.map(circuitOf))).filter((c) => c.active);
    const versions = Array.from({ length: model.versionCount }, (_, v) => v + 1);
    const records = await readMany(versions, (version) =>
      read<{ weightsCommitment: bigint; trainingDataRoot: Hex; totalDataWeight: bigint }>("version", [
        modelId,
        version,
      ]),
    );
    for (const [j, record] of records.entries()) {
      const version = versions[j] as number;
      const { weightsCommitment } = record;
      const published = { modelId, version, owner: model.owner, ...record };
      const { missing, notServed } = missingFor(store, published, statuses);
      out.push(
        missing === undefined
          ? { modelId, version, weightsCommitment, provable: true }
          : { modelId, version, weightsCommitment, provable: false, missing, ...(notServed ? { notServed } : {}) },
      );
    }
  }
  return out;
}

/** Whether the store holds a circuit's artifacts, each re-hashed, or what it lacks. */
function circuitStatus(
  manifest: Manifest,
  store: ModelStore,
  circuit: RegistryCircuit & { active: boolean },
  rehash: boolean,
): { resolved?: ResolvedCircuit; missing?: string; active: boolean } {
  let resolved: ResolvedCircuit;
  try {
    resolved = resolveCircuit(manifest, circuit);
  } catch (error) {
    return {
      active: circuit.active,
      missing: `circuit ${circuit.circuitId}: ${(error as Error).message.split("\n")[0]}`,
    };
  }
  const { wasm, zkey, vkey } = resolved.artifacts;
  const absent = Object.entries({ wasm, zkey, "verification key": vkey })
    .filter(([, ref]) => !store.hasBlob(ref.sha256))
    .map(([name]) => name);
  const label = `circuit ${circuit.circuitId} (${resolved.manifestId}, ${resolved.backend})`;
  if (absent.length > 0)
    return { active: circuit.active, missing: `${label}: its ${absent.join(", ")} not in the store` };
  try {
    if (rehash) for (const ref of [wasm, zkey, vkey]) store.readBlob(ref.sha256);
  } catch (error) {
    return { active: circuit.active, missing: `${label}: ${(error as Error).message.split("\n")[0]}` };
  }
  return { active: circuit.active, resolved };
}

function missingFor(
  store: ModelStore,
  published: PublishedVersion & { weightsCommitment: bigint },
  circuits: { resolved?: ResolvedCircuit; missing?: string }[],
): { missing?: string; notServed?: BindingRefusal } {
  if (circuits.length === 0) return { missing: "every circuit of the model is retired" };
  const missing = circuits.flatMap((c) => (c.missing ? [c.missing] : []));
  const commitment = published.weightsCommitment;
  const hex = `0x${commitment.toString(16).padStart(64, "0")}`;
  let notServed: BindingRefusal | undefined;
  if (!store.hasModel(commitment)) missing.push(`weights opening commitment ${hex} not in the store`);
  else {
    try {
      const served = store.readModel(commitment);
      notServed = bindingRefusal(store.readBinding(commitment), published, commitment);
      if (notServed) missing.push(notServed.reason);
      for (const { resolved } of circuits) {
        if (resolved && !fitsShape(served, resolved.shape)) {
          missing.push(`the weights under ${hex} do not fit circuit ${resolved.registryId} (${resolved.manifestId})`);
        }
      }
    } catch (error) {
      missing.push((error as Error).message.split("\n")[0] as string);
    }
  }
  return missing.length === 0 ? {} : { missing: missing.join("; "), ...(notServed ? { notServed } : {}) };
}
