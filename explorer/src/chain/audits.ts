import { auditRegistryAbi } from "@symbiote/sdk";
import type { Address } from "viem";
import type { Explorer } from "./connect.ts";

/** One group's proven counts, as the AuditRegistry records them. */
export type AuditGroupCounts = {
  rows: number;
  positives: number;
  labeled: number;
  labelPositives: number;
  truePositives: number;
  falsePositives: number;
};

/** An exact metric: numerator / denominator in lowest terms; a denominator of 0 means it does not exist. */
export type AuditRatio = { numerator: bigint; denominator: bigint };

/** A recorded audit of a version on an audit set, with the set it ran on and the metrics the registry derives. */
export type AuditView = {
  auditSetId: bigint;
  set: { commitment: bigint; rows: number; features: number; cardURI: string; cardHash: `0x${string}` };
  reference: AuditGroupCounts;
  protectedGroup: AuditGroupCounts;
  metrics: {
    demographicParityDifference: AuditRatio;
    disparateImpactRatio: AuditRatio;
    equalOpportunityDifference: AuditRatio;
  };
  circuitId: number;
  provenAt: bigint;
  submitter: Address;
};

/** Most audits shown per version (the newest sets a version was audited on). */
export const MAX_AUDITS_PER_VERSION = 20;

/**
 * The recorded audits of each version of a model, keyed by version; empty when the deployment names no AuditRegistry
 * (older deployment files). Reads are issued all at once per level; the client batches them.
 */
export async function loadAudits(
  explorer: Explorer,
  modelId: bigint,
  versions: readonly number[],
): Promise<Map<number, AuditView[]>> {
  const { client, deployment } = explorer;
  const out = new Map<number, AuditView[]>(versions.map((v) => [v, []]));
  if (!deployment.auditRegistry) return out;
  const registry = { address: deployment.auditRegistry, abi: auditRegistryAbi } as const;
  const setIdsByVersion = await Promise.all(
    versions.map((v) => client.readContract({ ...registry, functionName: "auditedSets", args: [modelId, v] })),
  );
  const pairs = versions.flatMap((v, i) =>
    (setIdsByVersion[i] ?? []).slice(-MAX_AUDITS_PER_VERSION).map((setId) => ({ version: v, setId })),
  );
  const setIds = [...new Set(pairs.map((p) => p.setId))];
  const [sets, records, metrics] = await Promise.all([
    Promise.all(setIds.map((id) => client.readContract({ ...registry, functionName: "auditSet", args: [id] }))),
    Promise.all(
      pairs.map((p) =>
        client.readContract({ ...registry, functionName: "audit", args: [modelId, p.version, p.setId] }),
      ),
    ),
    Promise.all(
      pairs.map((p) =>
        client.readContract({ ...registry, functionName: "metrics", args: [modelId, p.version, p.setId] }),
      ),
    ),
  ]);
  const setById = new Map(setIds.map((id, i) => [id, sets[i]]));
  pairs.forEach((p, i) => {
    const set = setById.get(p.setId);
    const record = records[i];
    const m = metrics[i];
    if (!set || !record || !m) return;
    const ratio = (r: { numerator: bigint; denominator: bigint }): AuditRatio => ({
      numerator: r.numerator,
      denominator: r.denominator,
    });
    out.get(p.version)?.push({
      auditSetId: p.setId,
      set: {
        commitment: set.commitment,
        rows: set.rows,
        features: set.features,
        cardURI: set.cardURI,
        cardHash: set.cardHash,
      },
      reference: { ...record.referenceGroup },
      protectedGroup: { ...record.protectedGroup },
      metrics: {
        demographicParityDifference: ratio(m.demographicParityDifference),
        disparateImpactRatio: ratio(m.disparateImpactRatio),
        equalOpportunityDifference: ratio(m.equalOpportunityDifference),
      },
      circuitId: record.circuitId,
      provenAt: record.provenAt,
      submitter: record.submitter,
    });
  });
  return out;
}
