import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { modelRegistryAbi } from "../../chain/abis.ts";
import { FatalError } from "../../errors.ts";
import { resolveCircuit } from "../../models/circuitArtifacts.ts";
import { importCircuitArtifacts } from "../../models/importArtifacts.ts";
import { ModelStore } from "../../models/modelStore.ts";
import { commitmentOf, parseServedModel } from "../../models/servedModel.ts";
import { loadManifest, REPO_ROOT } from "../../zk/manifest.ts";
import type { CommandContext } from "./context.ts";
import { syncServedVersions } from "./declarations.ts";

/**
 * `models sync [--from <folder of model artifacts>] [--artifacts <repo root>]`: for every active circuit in the
 * registry, puts its wasm, zkey and verification key into the store (from the local build or the gateway), each
 * checked against the registry's and the manifest's hashes; then imports every model artifact in `--from` whose
 * weights open a version's commitment in the registry. Last, declares on chain exactly the versions the store can now
 * prove (and withdraws declared ones it no longer can): the operator is drawn only for those.
 */
export async function modelsSync(ctx: CommandContext, named: Map<string, string>): Promise<void> {
  const manifest = loadManifest();
  const store = new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
  const { publicClient } = ctx.clients;
  const read = (functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ address: ctx.deployment.registry, abi: modelRegistryAbi, functionName, args } as never);
  const circuitCount = Number(await read("circuitCount"));
  const root = named.get("artifacts") ?? REPO_ROOT;
  for (let id = 1; id <= circuitCount; id++) {
    const c = (await read("circuit", [id])) as Parameters<typeof resolveCircuit>[1] & { active: boolean };
    if (!c.active) continue;
    const resolved = resolveCircuit(manifest, { ...c, circuitId: id });
    process.stderr.write(`circuit ${id}: ${resolved.manifestId} (${resolved.backend})\n`);
    await importCircuitArtifacts(store, resolved.artifacts, root, (m) => process.stderr.write(`  ${m}\n`));
  }
  const from = named.get("from");
  if (!from) {
    console.log(`circuits in sync (${circuitCount}); pass --from <folder> to import model weights`);
    await syncServedVersions(ctx);
    return;
  }
  const commitments = new Set<bigint>();
  const modelCount = Number(await read("modelCount"));
  for (let modelId = 1; modelId <= modelCount; modelId++) {
    const model = (await read("model", [modelId])) as { versionCount: number };
    for (let v = 1; v <= model.versionCount; v++) {
      commitments.add(((await read("version", [modelId, v])) as { weightsCommitment: bigint }).weightsCommitment);
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
      const declared = BigInt((json as { weightsCommitment: { value: string } }).weightsCommitment.value);
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
  console.log(`models in sync: ${imported} imported`);
  await syncServedVersions(ctx);
}
