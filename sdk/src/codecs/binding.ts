import { type Address, encodeAbiParameters, getAddress, isAddress, keccak256 } from "viem";
import { FatalError } from "../errors/kinds.ts";
import { FIELD_MODULUS } from "./params.ts";

export type BindingParameters = {
  chainId: bigint;
  coordinator: Address;
  requestId: bigint;
  operator: Address;
};

/**
 * The public `binding` every proof carries:
 * uint256(keccak256(abi.encode(uint256 chainId, address coordinator, uint256 requestId, address operator))) % r.
 * ProofBinding.binding() computes the same value on chain, so a proof made for one request and operator cannot
 * be replayed for another or submitted by someone else.
 *
 * @example computeBinding({ chainId: 31337n, coordinator: "0x…", requestId: 1n, operator: "0x…" })
 */
export function computeBinding({ chainId, coordinator, requestId, operator }: BindingParameters): bigint {
  for (const [label, address] of [
    ["coordinator", coordinator],
    ["operator", operator],
  ] as const) {
    if (!isAddress(address, { strict: false })) {
      throw new FatalError(`${label} ${address} is not an address; pass a 20-byte hex address.`);
    }
  }
  const encoded = encodeAbiParameters(
    [{ type: "uint256" }, { type: "address" }, { type: "uint256" }, { type: "address" }],
    [chainId, getAddress(coordinator), requestId, getAddress(operator)],
  );
  return BigInt(keccak256(encoded)) % FIELD_MODULUS;
}
