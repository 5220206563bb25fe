import { type Address, type Hex, type LocalAccount, verifyTypedData } from "viem";
import { sha256Text } from "./hash.ts";
import type { CircuitStep, Transcript } from "./transcript.ts";

/**
 * EIP-712 attestation of one contribution: who (name and Ethereum address), when, and for every circuit the zkey
 * it started from, the zkey it wrote and the contribution hash snarkjs computed. No chain id: a participant signs
 * offline, and the attestation is about files, not about a chain.
 */
export const ATTESTATION_DOMAIN = { name: "Symbiote trusted setup", version: "1" } as const;

export const ATTESTATION_TYPES = {
  Contribution: [
    { name: "ceremony", type: "bytes32" },
    { name: "index", type: "uint32" },
    { name: "participant", type: "string" },
    { name: "contributor", type: "address" },
    { name: "time", type: "string" },
    { name: "steps", type: "Step[]" },
  ],
  Step: [
    { name: "circuit", type: "string" },
    { name: "previousZkey", type: "bytes" },
    { name: "zkey", type: "bytes" },
    { name: "contributionHash", type: "bytes" },
  ],
} as const;

export type AttestationFields = {
  index: number;
  participant: string;
  contributor: Address;
  time: string;
  steps: readonly CircuitStep[];
};

/**
 * The ceremony's identity every attestation signs: sha256 over the ptau's and every initial zkey's blake2b, so a
 * signature cannot be moved to another ceremony.
 */
export function ceremonyId(transcript: Pick<Transcript, "ptau" | "circuits">): Hex {
  const parts = [transcript.ptau.blake2b, ...transcript.circuits.map((c) => `${c.id}:${c.initialZkey.blake2b}`)];
  return `0x${sha256Text(parts.join("\n"))}`;
}

function message(ceremony: Hex, a: AttestationFields) {
  return {
    ceremony,
    index: a.index,
    participant: a.participant,
    contributor: a.contributor,
    time: a.time,
    steps: a.steps.map((s) => ({
      circuit: s.circuit,
      previousZkey: `0x${s.previousZkey}` as Hex,
      zkey: `0x${s.zkey.blake2b}` as Hex,
      contributionHash: `0x${s.contributionHash}` as Hex,
    })),
  };
}

/** Signs an attestation with the participant's key (held in memory only for this call). */
export function signAttestation(account: LocalAccount, ceremony: Hex, a: AttestationFields): Promise<Hex> {
  return account.signTypedData({
    domain: ATTESTATION_DOMAIN,
    types: ATTESTATION_TYPES,
    primaryType: "Contribution",
    message: message(ceremony, a),
  });
}

/** Whether `signature` is `a.contributor`'s signature over the attestation. */
export async function verifyAttestation(ceremony: Hex, a: AttestationFields, signature: Hex): Promise<boolean> {
  try {
    return await verifyTypedData({
      address: a.contributor,
      domain: ATTESTATION_DOMAIN,
      types: ATTESTATION_TYPES,
      primaryType: "Contribution",
      message: message(ceremony, a),
      signature,
    });
  } catch {
    return false;
  }
}
