import { type ModelVersion, type VersionProvability, versionLabel } from "../models/provableVersions.ts";
import type { BindingRefusal } from "../models/publisherBinding.ts";

/** A version this operator declares (so is drawn for, and slashed on) but will not prove, and why. */
export type UnservableDeclaration = ModelVersion & {
  reason: string;
  /** Set when the weights are there but the publisher binding refuses them (unbound, or a copy). */
  notServed?: BindingRefusal;
};

/**
 * The declared versions this node will not prove, from {@link versionProvability}'s verdicts (whose binding check is
 * the request path's own `bindingRefusal`, so a version is withdrawn exactly when its requests would be skipped) and
 * the vault's `servesVersion` for each. With a gateway, circuit artifacts missing from the store are fetched when a
 * request needs them, so only binding refusals count: weights are never fetched, and their binding is settled by the
 * file and the registry alone.
 *
 * @example unservableDeclarations(versions, await currentDeclarations(client, vault, self, versions), { artifactsOnDemand: false })
 */
export function unservableDeclarations(
  versions: readonly VersionProvability[],
  declared: readonly boolean[],
  options: { artifactsOnDemand: boolean },
): UnservableDeclaration[] {
  return versions.flatMap((v, i): UnservableDeclaration[] => {
    if (!declared[i] || v.provable) return [];
    const entry = { modelId: v.modelId, version: v.version };
    if (v.notServed) return [{ ...entry, reason: v.notServed.reason, notServed: v.notServed }];
    return options.artifactsOnDemand ? [] : [{ ...entry, reason: v.missing }];
  });
}

/** `model 3 version 1: <reason>`, one per version, for logs. */
export const describeUnservable = (versions: readonly UnservableDeclaration[]): string[] =>
  versions.map((v) => `${versionLabel(v)}: ${v.reason}`);

/**
 * What an operator does to be drawn for these versions again: put what is missing in the store (and, for weights the
 * binding refuses, a file bound to the model's owner), then `models sync`, which declares every version the store can
 * prove.
 */
export function declareAgainAdvice(versions: readonly UnservableDeclaration[]): string {
  const steps: string[] = [];
  if (versions.some((v) => v.notServed?.kind === "unbound")) {
    steps.push(
      "for weights that name no publisher, import them again bound to the model owner: `symbiote-oracle models sync --from <folder> --publisher <owner address>`",
    );
  }
  if (versions.some((v) => v.notServed?.kind === "copy")) {
    steps.push(
      "for weights handed over for another owner or training data, ask the model's owner for a file bound to it and import it with `symbiote-oracle models sync --from <folder>`",
    );
  }
  if (versions.some((v) => !v.notServed)) {
    steps.push("for missing or altered artifacts, `symbiote-oracle models sync [--from <folder of model artifacts>]`");
  }
  return `to declare them again: ${steps.join("; ")}. \`models sync\` then declares every version the store can prove.`;
}
