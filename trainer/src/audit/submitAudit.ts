import { formatGroth16Calldata, type Groth16Calldata } from "@symbiote/circuits";
import { auditRegistryAbi, FatalError } from "@symbiote/sdk";
import type { Groth16Proof } from "snarkjs";
import { type Address, type Hex, parseAbi, parseEventLogs } from "viem";
import { assertDeploymentChain, type ChainAccess, sendContract } from "../data/chainAccess.ts";

/** An audit circuit's verifier: snarkjs's Groth16 entry point for the three public signals of every audit. */
const auditVerifierAbi = parseAbi([
  "function verifyProof(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[3] publicSignals) view returns (bool)",
]);

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
 * Registers the audit set (or finds it, when this account registered the same commitment already: sets are keyed by
 * registrant, so another account's registration of the commitment is its own set and never used), picks the active audit
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
  const calldata = formatGroth16Calldata(audit.proof, audit.publicSignals);
  const { a, b, c } = calldata;
  const circuitId = await activeCircuitFor(access, registry, audit, calldata);
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

/**
 * The id of the newest active audit circuit proving sets of the audit's rows x features whose verifier accepts its
 * proof. Several circuits can share a set shape (a classifier's and a tree ensemble's over the same features): the
 * shape alone would pick the newest, whose verifier may be another model kind's.
 */
async function activeCircuitFor(
  access: ChainAccess,
  registry: Address,
  audit: AuditSubmission,
  proof: Groth16Calldata,
) {
  const read = { address: registry, abi: auditRegistryAbi } as const;
  const count = await access.publicClient.readContract({ ...read, functionName: "auditCircuitCount" });
  const signals = proof.publicSignals;
  if (signals.length !== 3) {
    throw new FatalError(`an audit proof has 3 public signals (counts, set, weights); this one has ${signals.length}.`);
  }
  let sameShape = 0;
  for (let id = count; id >= 1; id--) {
    const circuit = await access.publicClient.readContract({ ...read, functionName: "auditCircuit", args: [id] });
    if (!circuit.active || circuit.rows !== audit.rows || circuit.features !== audit.features) continue;
    sameShape++;
    const accepts = await access.publicClient.readContract({
      address: circuit.verifier,
      abi: auditVerifierAbi,
      functionName: "verifyProof",
      args: [proof.a, proof.b, proof.c, signals as [bigint, bigint, bigint]],
    });
    if (accepts) return id;
  }
  throw new FatalError(
    sameShape === 0
      ? `the AuditRegistry at ${registry} has no active audit circuit for ${audit.rows} rows of ${audit.features} features; governance registers one with registerAuditCircuit.`
      : `none of the ${sameShape} active audit circuits for ${audit.rows} rows of ${audit.features} features accepts this proof: prove with the circuit governance registered for this model's shape.`,
  );
}

/** The id of the audit set this account registered with `commitment`, if any (one read: the registry indexes them). */
async function registeredSet(access: ChainAccess, registry: Address, commitment: bigint) {
  const id = await access.publicClient.readContract({
    address: registry,
    abi: auditRegistryAbi,
    functionName: "auditSetIdOf",
    args: [access.walletClient.account.address, commitment],
  });
  return id === 0n ? undefined : id;
}
