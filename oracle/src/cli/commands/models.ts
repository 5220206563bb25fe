import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  ArtifactMissingError,
  commitmentOf,
  declaredCommitment,
  loadManifest,
  ModelStore,
  PublisherMismatchError,
  parseServedModel,
  REPO_ROOT,
} from "@symbiote/circuits";
import { type CardHash, cardHashOfUri, FatalError, modelRegistryAbi, type RegistryCircuit } from "@symbiote/sdk";
import { type Address, getAddress, isAddress } from "viem";
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
 * `--publisher <address>`: the model owner who handed the files over, recorded in those that name no publisher (the
 * node serves weights only for the model owner they were handed over for; publisherBinding.ts).
 */
function publisherFlag(named: ReadonlyMap<string, string>): Address | undefined {
  const value = named.get("publisher");
  if (value === undefined) return undefined;
  if (!isAddress(value, { strict: false })) {
    throw new UsageError(
      `--publisher ${value} is not an address; pass the address of the model owner who handed the files over, e.g. --publisher 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC.`,
    );
  }
  return getAddress(value);
}

/** How an imported file is bound, for the import's progress line. */
function boundNote(publisher: Address | undefined): string {
  return publisher
    ? `for publisher ${publisher}`
    : "naming no publisher: not served until bound (import it again with --publisher <the model owner who handed it over>)";
}

/**
 * `models sync [--from <folder of model artifacts>] [--artifacts <repo root>] [--publisher <address>]`: for every active circuit in the
 * registry, puts its wasm, zkey and verification key into the store (from the local build or the gateway), each
 * checked against the registry's and the manifest's hashes, and skips, saying why, each circuit it cannot (on a fresh
 * clone: the PLONK circuits, whose zkeys are not committed); then imports every model artifact in `--from` whose
 * weights open a version's commitment in the registry, and every `*.card.json` there whose sha256 a version's metadata
 * URI commits to (served at /cards/<sha256>). With `--publisher <address>`, files that name no publisher are recorded
 * as handed over by that model owner, and files bound to another are skipped. Last, declares on chain exactly the
 * versions the store can now prove (and withdraws declared ones it no longer can): the operator is drawn only for
 * those, and a version whose model owner is not the weights' publisher (a copy) is not among them.
 */
export async function modelsSync(ctx: CommandContext, named: ReadonlyMap<string, string>): Promise<void> {
  const from = named.get("from");
  const publisher = publisherFlag(named);
  if (publisher && !from) {
    throw new UsageError(
      "models sync --publisher binds the files it imports: pass --from <folder of model artifacts>.",
    );
  }
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
  let otherPublisher = 0;
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
    try {
      store.putModel(commitment, json, path, { publisher });
    } catch (error) {
      // bound to another publisher than --publisher, or naming something that is not an address
      if (!(error instanceof FatalError)) throw error;
      if (error instanceof PublisherMismatchError) otherPublisher++;
      process.stderr.write(`  skipping ${file}: ${error.shortMessage.split("\n")[0]}\n`);
      continue;
    }
    imported++;
    process.stderr.write(`  imported ${file} ${boundNote(store.readBinding(commitment).publisher)}\n`);
  }
  if (imported === 0 && commitments.size > 0) {
    throw new FatalError(
      otherPublisher > 0
        ? `no artifact in ${from} was imported: ${otherPublisher} name another publisher than --publisher ${publisher} (see above); pass the address of the model owner who handed them over, or leave --publisher out for files that name their own.`
        : `no artifact in ${from} opens a registered version's commitment; point --from at the trainer's output.`,
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
 * version's commitment and its circuit is an active registry circuit (addCompiledModel), bound to `--publisher` if
 * model.json names no publisher; then declares on chain the versions the store can prove, as `models sync` does.
 */
export async function modelsAdd(
  ctx: CommandContext,
  folder: string | undefined,
  named: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  if (!folder) {
    throw new UsageError(
      "models add needs the folder `npm run model -- compile --out` wrote: `models add build/credit`.",
    );
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(`models add ${folder}: no such folder; pass the compile's --out folder.`);
  }
  const publisher = publisherFlag(named);
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
  const added = addCompiledModel(store, folder, { circuits, commitments }, { publisher });
  for (const file of added.artifacts) process.stderr.write(`  stored ${file}\n`);
  console.log(
    `added ${added.circuitId} (registry circuit ${added.registryCircuitId}) with weights 0x${added.weightsCommitment.toString(16).padStart(64, "0")} ${boundNote(added.publisher)}`,
  );
  await syncServedVersions(ctx);
}
