/**
 * The on-chain cost of a generated Groth16 verifier: compile the snarkjs-exported Solidity with the project's solc,
 * deploy it on anvil and send verifyProof as a transaction (viem). The figure is the receipt's gas minus the
 * intrinsic 21,000 and the calldata charge, i.e. what the verifier's execution costs, the figure the forge bench
 * (bench:zk) reports for the committed circuits; the pairing floor is 181,000 + 6,150 per public signal.
 */

import { compileVerifier, deploy } from "@symbiote/devnet";
import type { Groth16Proof } from "snarkjs";
import { createPublicClient, createWalletClient, encodeFunctionData, type Hex, http, toBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

/** anvil's first default account (public, dev chains only). */
const ANVIL_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** The pairing floor of a Groth16 verifier with n public signals (docs/circuits.md). */
export const pairingFloor = (publicSignals: number) => 181_000 + 6_150 * publicSignals;

function calldataGas(data: Hex): number {
  return [...toBytes(data)].reduce((sum, b) => sum + (b === 0 ? 4 : 16), 0);
}

/** Deploys the verifier `source` (contract `contract`) and returns the execution gas of one accepted proof. */
export async function verifierGas(
  url: string,
  source: string,
  contract: string,
  proof: Groth16Proof,
  publicSignals: string[],
): Promise<number> {
  const compiled = compileVerifier(source, contract);
  const address = await deploy(url, ANVIL_KEY, compiled);
  const b = proof.pi_b as string[][];
  const args = [
    [BigInt(proof.pi_a[0] as string), BigInt(proof.pi_a[1] as string)],
    [
      [BigInt(b[0]?.[1] as string), BigInt(b[0]?.[0] as string)],
      [BigInt(b[1]?.[1] as string), BigInt(b[1]?.[0] as string)],
    ],
    [BigInt(proof.pi_c[0] as string), BigInt(proof.pi_c[1] as string)],
    publicSignals.map(BigInt),
  ];
  const client = createPublicClient({ chain: foundry, transport: http(url) });
  const accepted = await client.readContract({ address, abi: compiled.abi, functionName: "verifyProof", args });
  if (accepted !== true) throw new Error(`${contract} rejected a proof snarkjs verified`);
  const data = encodeFunctionData({ abi: compiled.abi, functionName: "verifyProof", args });
  const wallet = createWalletClient({ chain: foundry, transport: http(url), account: privateKeyToAccount(ANVIL_KEY) });
  const hash = await wallet.sendTransaction({ to: address, data, gas: 2_000_000n });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${contract}: the verifyProof transaction reverted`);
  return Number(receipt.gasUsed) - 21_000 - calldataGas(data);
}
