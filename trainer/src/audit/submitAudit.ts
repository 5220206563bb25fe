import { formatGroth16Calldata } from "@symbiote/circuits";
import { auditRegistryAbi, FatalError } from "@symbiote/sdk";
import type { Groth16Proof } from "snarkjs";
import { type Address, type Hex, parseEventLogs } from "viem";
import { assertDeploymentChain, type ChainAccess, sendContract } from "../data/chainAccess.ts";

/** An audit ready to go on chain: the set (commitment, shape, card) and the proof of a version's counts on it. */
export type AuditSubmission = {
  modelId: bigint;
  version: number;
  commitment: bigint;
  rows: number;
  features: number;
  cardHash: Hex;
  cardURI: string;
  counts: bigint;
  proof: Groth16Proof;
  publicSignals: readonly bigint[];
};

/** What the registry recorded. */
export type AuditReceipt = { auditRegistry: Address; auditSetId: bigint; circuitId: number; transactionHash: Hex };

/**
 * Registers the audit set (or finds it, when someone registered the same commitment already), picks the active audit
 * circuit of the set's shape, and submits the proof; the registry verifies it against the version's registered
 * weights commitment before recording the counts.
 *
 * @throws {FatalError} no AuditRegistry in the deployment, no active audit circuit of this shape, or a refusal by the
 * registry (decoded: an invalid proof, another version's commitment, an audit already recorded…).
 */
export async function submitAudit(access: ChainAccess, audit: AuditSubmission): Promise<AuditReceipt> {
  const registry = access.deployment.auditRegistry;
  if (!registry) {
    throw new FatalError(
      "the deployment file names no auditRegistry: redeploy with the current script/Deploy.s.sol, which deploys it.",
    );
  }
  await assertDeploymentChain(access);
  const read = { address: registry, abi: auditRegistryAbi } as const;
  const circuitId = await activeCircuitFor(access, registry, audit.rows, audit.features);
  let auditSetId = await registeredSet(access, registry, audit.commitment);
  if (auditSetId === undefined) {
    const receipt = await sendContract(
      access,
      {
        ...read,
        functionName: "registerAuditSet",
        args: [audit.commitment, audit.rows, audit.features, audit.cardHash, audit.cardURI],
      },
      "registering the audit set",
    );
    const [registered] = parseEventLogs({ abi: auditRegistryAbi, eventName: "AuditSetRegistered", logs: receipt.logs });
    if (!registered) throw new FatalError("the audit set's registration emitted no AuditSetRegistered event.");
    auditSetId = registered.args.auditSetId;
  }
  const { a, b, c } = formatGroth16Calldata(audit.proof, audit.publicSignals);
  const receipt = await sendContract(
    access,
    {
      ...read,
      functionName: "submitAudit",
      args: [audit.modelId, audit.version, auditSetId, circuitId, audit.counts, { a, b, c }],
    },
    `submitting the audit of model ${audit.modelId} version ${audit.version}`,
  );
  return { auditRegistry: registry, auditSetId, circuitId, transactionHash: receipt.transactionHash };
}

/** The id of the newest active audit circuit proving sets of `rows` x `features`. */
async function activeCircuitFor(access: ChainAccess, registry: Address, rows: number, features: number) {
  const read = { address: registry, abi: auditRegistryAbi } as const;
  const count = await access.publicClient.readContract({ ...read, functionName: "auditCircuitCount" });
  for (let id = count; id >= 1; id--) {
    const circuit = await access.publicClient.readContract({ ...read, functionName: "auditCircuit", args: [id] });
    if (circuit.active && circuit.rows === rows && circuit.features === features) return id;
  }
  throw new FatalError(
    `the AuditRegistry at ${registry} has no active audit circuit for ${rows} rows of ${features} features; governance registers one with registerAuditCircuit.`,
  );
}

/** The id of the audit set already registered with `commitment`, if any. */
async function registeredSet(access: ChainAccess, registry: Address, commitment: bigint) {
  const read = { address: registry, abi: auditRegistryAbi } as const;
  const count = await access.publicClient.readContract({ ...read, functionName: "auditSetCount" });
  for (let id = 1n; id <= count; id++) {
    const set = await access.publicClient.readContract({ ...read, functionName: "auditSet", args: [id] });
    if (set.commitment === commitment) return id;
  }
  return undefined;
}
