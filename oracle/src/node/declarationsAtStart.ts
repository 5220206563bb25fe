import type { Manifest, ModelStore } from "@symbiote/circuits";
import { explainError, type SymbioteError } from "@symbiote/sdk";
import type { Logger } from "pino";
import { type Address, type Hex, InsufficientFundsError, BaseError as ViemBaseError } from "viem";
import type { Clients } from "../chain/clients.ts";
import { currentDeclarations, sendDeclarations } from "../models/declarations.ts";
import { versionProvability } from "../models/provableVersions.ts";
import {
  declareAgainAdvice,
  describeUnservable,
  type UnservableDeclaration,
  unservableDeclarations,
} from "./unservableDeclarations.ts";

export type DeclarationsAtStartOptions = {
  clients: Clients;
  contracts: { registry: Address; vault: Address };
  manifest: Manifest;
  store: ModelStore;
  /** `declarations.withdrawUnservable`: withdraw what will not be proven, or only warn about it. */
  withdraw: boolean;
  /** `modelStore.gateway` is set: circuit artifacts missing from the store are fetched when needed. */
  artifactsOnDemand: boolean;
  log: Logger;
};

export type DeclarationsAtStart = {
  /** Declared versions this node will not prove, and why. */
  unservable: UnservableDeclaration[];
  /** The `declareServedVersions(..., false)` transaction, when one was sent and mined. */
  transaction?: Hex;
  /** Why the withdrawal failed, when it was attempted and did. */
  error?: SymbioteError;
};

const WHAT = "withdrawing the declarations of versions this node will not prove";

/**
 * At start, the versions this operator declares but will not prove: it is drawn for them, and a request drawn for it
 * that it skips (weights the publisher binding refuses) or cannot prove (artifacts missing) times out and is slashed.
 * With `withdraw`, their declarations are withdrawn in one transaction, simulated first, so no request made from then
 * on is drawn for it; without, or when the transaction fails (no ETH for gas, say), they are logged as a warning and
 * the node goes on: a failed withdrawal must not keep it from serving the versions it can prove.
 *
 * Runs before the submitter takes over the operator's nonces, so the transaction cannot collide with a fulfilment.
 *
 * @example await declarationsAtStart({ clients, contracts: deployment, manifest, store, withdraw: true, artifactsOnDemand: false, log });
 */
export async function declarationsAtStart(o: DeclarationsAtStartOptions): Promise<DeclarationsAtStart> {
  const { publicClient } = o.clients;
  // the node re-hashed every stored blob a moment before (ModelStore.verifyAll)
  const versions = await versionProvability(publicClient, o.contracts.registry, o.manifest, o.store, { rehash: false });
  const self = o.clients.account.address;
  const declared = await currentDeclarations(publicClient, o.contracts.vault, self, versions);
  const unservable = unservableDeclarations(versions, declared, { artifactsOnDemand: o.artifactsOnDemand });
  if (unservable.length === 0) return { unservable };
  const listed = describeUnservable(unservable);
  const ids = unservable.map((v) => `${v.modelId}:${v.version}`).join(" ");
  const advice = declareAgainAdvice(unservable);
  if (!o.withdraw) {
    o.log.warn(
      { unservable: listed },
      `this operator declares versions it will not prove: requests drawn for them time out and are slashed. declarations.withdrawUnservable is false, so they stay declared: withdraw them with \`symbiote-oracle models undeclare ${ids}\` (or \`models sync\`), or fix what is missing; ${advice}`,
    );
    return { unservable };
  }
  try {
    const transaction = await sendDeclarations(o.clients, o.contracts.vault, unservable, false);
    o.log.warn(
      { withdrawn: listed, transaction },
      `withdrew the declarations of ${unservable.length} version(s) this node will not prove (${ids}): requests made from now on no longer draw this operator for them (requests already drawn for it stay its own); ${advice}`,
    );
    return { unservable, ...(transaction ? { transaction } : {}) };
  } catch (error) {
    const noGas = error instanceof ViemBaseError && error.walk((e) => e instanceof InsufficientFundsError);
    const ethBalance = noGas ? await publicClient.getBalance({ address: self }).catch(() => undefined) : undefined;
    const explained = explainError(error, {
      what: WHAT,
      account: self,
      ...(ethBalance === undefined ? {} : { ethBalance }),
    });
    o.log.error(
      { err: explained.shortMessage, unservable: listed },
      `could not withdraw the declarations of versions this node will not prove (${ids}); the node goes on, but requests drawn for them time out and are slashed: fix the cause and restart the node, or run \`symbiote-oracle models undeclare ${ids}\`; ${advice}`,
    );
    return { unservable, error: explained };
  }
}
