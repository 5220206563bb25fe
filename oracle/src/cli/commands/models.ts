import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  ArtifactMissingError,
  commitmentOf,
  declaredCommitment,
  loadManifest,
  ModelStore,
  parseServedModel,
  REPO_ROOT,
} from "@symbiote/circuits";
import { type CardHash, cardHashOfUri, FatalError, modelRegistryAbi, type RegistryCircuit } from "@symbiote/sdk";
import { readMany } from "../../chain/readMany.ts";
import { addCompiledModel } from "../../models/addCompiled.ts";
import { CardStore } from "../../models/cardStore.ts";
import { importCards } from "../../models/importCards.ts";
import { syncCircuitArtifacts } from "../../models/syncCircuits.ts";
import { UsageError } from "../operatorErrors.ts";
import type { CommandContext } from "./context.ts";
import { syncServedVersions } from "./declarations.ts";

type RegistryCircuitRecord = Omit<RegistryCircuit, "circuitId"> & { active: boolean };

/**
 * `models sync [--from <folder of model artifacts>] [--artifacts <repo root>]`: for every active circuit in the
 * registry, puts its wasm, zkey and verification key into the store (from the local build or the gateway), each
 * checked against the registry's and the manifest's hashes, and skips, saying why, each circuit it cannot (on a fresh
 * clone: the PLONK circuits, whose zkeys are not committed); then imports every model artifact in `--from` whose
 * weights open a version's commitment in the registry, and every `*.card.json` there whose sha256 a version's metadata
 * URI commits to (served at /cards/<sha256>). Last, declares on chain exactly the versions the store can now
 * prove (and withdraws declared ones it no longer can): the operator is drawn only for those.
 */
export async function modelsSync(ctx: CommandContext, named: ReadonlyMap<string, string>): Promise<void> {
  const store = new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
  const manifest = store.withCompiledCircuits(loadManifest());
  const { publicClient } = ctx.clients;
  const read = (functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address: ctx.deployment.registry, abi: modelRegistryAbi, functionName, args } as never);
  const circuitCount = Number(await read("circuitCount"));
  const root = named.get("artifacts") ?? REPO_ROOT;
  const circuits = await readMany(
    Array.from({ length: circuitCount }, (_, i) => i + 1),
    async (circuitId) => ({ ...((await read("circuit", [circuitId])) as RegistryCircuitRecord), circuitId }),
  );
  const { synced, skipped } = await syncCircuitArtifacts(store, manifest, circuits, root, (m) =>
    process.stderr.write(`  ${m}\n`),
  );
  for (const c of synced) process.stderr.write(`circuit ${c.circuitId}: ${c.manifestId} (${c.backend}) in the store\n`);
  for (const c of skipped) {
    process.stderr.write(`skipped ${c.label}: ${c.reason}; the versions served on it are not declared\n`);
  }
  if (synced.length === 0 && skipped.length > 0) {
    throw new ArtifactMissingError(
      `models sync could put none of the registry's ${skipped.length} active circuits in the store ${store.dir}, so this node could prove nothing; see each circuit's reason above (looked under ${root}${store.gateway ? ` and at ${store.gateway}` : ", no modelStore.gateway set"}).`,
    );
  }
  console.log(
    `circuits in sync: ${synced.length} in the store${skipped.length > 0 ? `, ${skipped.length} skipped (see above)` : ""}`,
  );
  const from = named.get("from");
  if (!from) {
    console.log("pass --from <folder of model artifacts> to import model weights");
    await syncServedVersions(ctx);
    return;
  }
  if (!existsSync(from) || !statSync(from).isDirectory()) {
    throw new UsageError(`models sync --from ${from}: no such folder; point it at the trainer's output folder.`);
  }
  const commitments = new Set<bigint>();
  const cardHashes = new Set<CardHash>();
  const modelCount = Number(await read("modelCount"));
  for (let modelId = 1; modelId <= modelCount; modelId++) {
    const model = (await read("model", [modelId])) as { versionCount: number };
    for (let v = 1; v <= model.versionCount; v++) {
      const version = (await read("version", [modelId, v])) as { weightsCommitment: bigint; metadataURI: string };
      commitments.add(version.weightsCommitment);
      const cardHash = cardHashOfUri(version.metadataURI);
      if (cardHash) cardHashes.add(cardHash);
    }
  }
  let imported = 0;
  for (const file of readdirSync(from).filter((f) => f.endsWith(".json") && !f.endsWith(".card.json"))) {
    const path = join(from, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      continue;
    }
    let commitment: bigint;
    try {
      const declared = declaredCommitment(json);
      if (declared === undefined) throw new FatalError("names no weights commitment");
      commitment = commitmentOf(parseServedModel(json, declared, path));
    } catch (error) {
      process.stderr.write(`  skipping ${file}: ${(error as Error).message.split("\n")[0]}\n`);
      continue;
    }
    if (!commitments.has(commitment)) {
      process.stderr.write(`  skipping ${file}: no registered version has its commitment\n`);
      continue;
    }
    store.putModel(commitment, json, path);
    imported++;
    process.stderr.write(`  imported ${file}\n`);
  }
  if (imported === 0 && commitments.size > 0) {
    throw new FatalError(
      `no artifact in ${from} opens a registered version's commitment; point --from at the trainer's output.`,
    );
  }
  // the cards the trainer wrote next to the artifacts, served by this node at /cards/<sha256> for any explorer
  const cards = importCards(from, cardHashes, new CardStore(store.dir));
  for (const file of cards.imported) process.stderr.write(`  imported card ${file}\n`);
  for (const { file, reason } of cards.skipped) process.stderr.write(`  skipping card ${file}: ${reason}\n`);
  console.log(`models in sync: ${imported} imported, ${cards.imported.length} model cards`);
  await syncServedVersions(ctx);
}

/**
 * `models add <folder>`: adds a model compiled with `npm run model -- compile --out <folder>` to the store (its
 * circuit's wasm, zkey and verification key, its manifest entry and model.json), once its weights open a registered
 * version's commitment and its circuit is an active registry circuit (addCompiledModel); then declares on chain the
 * versions the store can prove, as `models sync` does.
 */
export async function modelsAdd(ctx: CommandContext, folder: string | undefined): Promise<void> {
  if (!folder) {
    throw new UsageError(
      "models add needs the folder `npm run model -- compile --out` wrote: `models add build/credit`.",
    );
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`models add ${folder}: no such folder; pass the compile's --out folder.`);
  }
  const store = new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
  const { publicClient } = ctx.clients;
  const read = (functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address: ctx.deployment.registry, abi: modelRegistryAbi, functionName, args } as never);
  const circuitCount = Number(await read("circuitCount"));
  const circuits = await readMany(
    Array.from({ length: circuitCount }, (_, i) => i + 1),
    async (circuitId) => ({ ...((await read("circuit", [circuitId])) as RegistryCircuitRecord), circuitId }),
  );
  const commitments = new Set<bigint>();
  const modelCount = Number(await read("modelCount"));
  for (let modelId = 1; modelId <= modelCount; modelId++) {
    const model = (await read("model", [modelId])) as { versionCount: number };
    for (let v = 1; v <= model.versionCount; v++) {
      const version = (await read("version", [modelId, v])) as { weightsCommitment: bigint };
      commitments.add(version.weightsCommitment);
    }
  }
  const added = addCompiledModel(store, folder, { circuits, commitments });
  for (const file of added.artifacts) process.stderr.write(`  stored ${file}\n`);
  console.log(
    `added ${added.circuitId} (registry circuit ${added.registryCircuitId}) with weights 0x${added.weightsCommitment.toString(16).padStart(64, "0")}`,
  );
  await syncServedVersions(ctx);
}
