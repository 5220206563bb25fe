import { loadManifest, ModelStore } from "@symbiote/circuits";
import {
  type DeclarationsResult,
  declareVersions,
  parseModelVersions,
  sendDeclarations,
  syncDeclarations,
} from "../../models/declarations.ts";
import { versionLabel } from "../../models/provableVersions.ts";
import type { CommandContext } from "./context.ts";

const label = (v: { modelId: bigint; version: number }) => `${v.modelId}:${v.version}`;

function storeOf(ctx: CommandContext): ModelStore {
  return new ModelStore(ctx.config.modelStore.dir, { gateway: ctx.config.modelStore.gateway });
}

/** The circuits the node resolves against: circuits/manifest.json and the compiled circuits added to the store. */
function manifestOf(store: ModelStore) {
  return store.withCompiledCircuits(loadManifest());
}

/** Prints what a declaration sync did, one line per change and per version the store cannot prove. */
export function reportDeclarations(result: DeclarationsResult): void {
  for (const v of result.declared) process.stderr.write(`  declared ${versionLabel(v)}\n`);
  for (const v of result.withdrawn)
    process.stderr.write(`  withdrew ${versionLabel(v)}: the store can no longer prove it\n`);
  for (const v of result.unprovable) process.stderr.write(`  not declared ${versionLabel(v)}: ${v.missing}\n`);
  const served = [...result.kept, ...result.declared].map(label);
  console.log(`declared versions: ${served.length > 0 ? served.join(", ") : "none"}`);
}

/** Declares every version the store can prove and withdraws declared ones it no longer can (see syncDeclarations). */
export async function syncServedVersions(ctx: CommandContext): Promise<DeclarationsResult> {
  const result = await syncDeclarations(ctx.clients, ctx.deployment, manifestOf(storeOf(ctx)), storeOf(ctx));
  reportDeclarations(result);
  return result;
}

/** `models declare <modelId>:<version>…`: declares these versions, refusing any the store cannot prove. */
export async function modelsDeclare(ctx: CommandContext, args: readonly string[]): Promise<void> {
  const wanted = parseModelVersions(args, "models declare");
  await declareVersions(ctx.clients, ctx.deployment, manifestOf(storeOf(ctx)), storeOf(ctx), wanted);
  console.log(`declared ${wanted.map(label).join(", ")}`);
}

/**
 * `models undeclare <modelId>:<version>…`: withdraws declarations, for requests made from now on (a request already
 * drawn for this operator stays its own). A later `models sync` declares them again if the store can still prove them.
 */
export async function modelsUndeclare(ctx: CommandContext, args: readonly string[]): Promise<void> {
  const wanted = parseModelVersions(args, "models undeclare");
  await sendDeclarations(ctx.clients, ctx.deployment.vault, wanted, false);
  console.log(`withdrew ${wanted.map(label).join(", ")}`);
}
