import type { Proposal } from "@symbiote/circuits";
import { auditRegistryAbi } from "@symbiote/sdk";
import { type Address, encodeFunctionData, isAddress } from "viem";
import { ProposalError } from "../compile/proposal.ts";
import type { CompiledAuditCircuit } from "./auditCircuit.ts";

export interface AuditRegistrationOptions {
  /** The AuditRegistry proxy. */
  auditRegistry: Address;
  /** The deployed address of the audit circuit's Groth16 verifier. */
  verifier: Address;
}

/**
 * The governance proposal that registers a compiled audit circuit: AuditRegistry.registerAuditCircuit(verifier, rows,
 * features). The registry then records audits proven with it for any model version whose weights commitment the
 * proof opens, on any registered audit set of that size.
 */
export function auditRegistrationProposal(audit: CompiledAuditCircuit, o: AuditRegistrationOptions): Proposal {
  if (!isAddress(o.auditRegistry)) throw new ProposalError(`--audit-registry ${o.auditRegistry}: not an address.`);
  if (!isAddress(o.verifier)) throw new ProposalError(`--verifier ${o.verifier}: not an address.`);
  if (audit.setupSkipped) {
    throw new ProposalError(`${audit.id} has no Groth16 keys (${audit.setupSkipped}).`, "Run its setup first.");
  }
  return {
    targets: [o.auditRegistry],
    values: ["0"],
    calldatas: [
      encodeFunctionData({
        abi: auditRegistryAbi,
        functionName: "registerAuditCircuit",
        args: [o.verifier, audit.rows, audit.features],
      }),
    ],
    description:
      `Register audit circuit ${audit.id} (Groth16, ${audit.constraints} constraints: audits of ${audit.rows} rows of ` +
      `${audit.features} features), compiled by npm run model; verifier ${o.verifier}. ` +
      "Its keys are DEV keys: do not register them on a production chain.",
  };
}
