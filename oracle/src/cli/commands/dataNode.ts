import { dataRegistryAbi, FatalError } from "@symbiote/sdk";
import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import { UsageError } from "../operatorErrors.ts";
import { type CommandContext, sendAndWait } from "./context.ts";

function ownerOf(value: string | undefined, command: string): Address {
  if (!value || !isAddress(value)) {
    throw new UsageError(
      `data-node ${command} needs the data owner's address: \`symbiote-oracle data-node ${command} 0x…\`.`,
    );
  }
  return getAddress(value);
}

/**
 * `data-node accept <owner>`: this operator becomes the node that serves committed-input requests on `owner`'s data,
 * as `owner` proposed (`dataRegistry.setDataNode`). From then on it answers for them: keep the owner's private inputs in
 * the data store, and declare the model versions it can prove (`models sync`), since it is slashed for a request on a
 * declared version it leaves unanswered.
 */
export async function dataNodeAccept(ctx: CommandContext, ownerArg: string | undefined): Promise<void> {
  const owner = ownerOf(ownerArg, "accept");
  const self = ctx.config.operatorAddress;
  const proposed = await ctx.clients.publicClient.readContract({
    address: ctx.deployment.dataRegistry,
    abi: dataRegistryAbi,
    functionName: "proposedDataNodeOf",
    args: [owner],
  });
  if (proposed.toLowerCase() !== self.toLowerCase()) {
    throw new FatalError(
      `${owner} has not proposed this node (${self}) as its data node${proposed === zeroAddress ? "" : ` (it proposed ${proposed})`}; the owner must first call dataRegistry.setDataNode(${self}).`,
    );
  }
  await sendAndWait(
    ctx,
    {
      address: ctx.deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "acceptDataNode",
      args: [owner],
    } as never,
    "acceptDataNode",
  );
  console.log(`${self} now serves committed-input requests on ${owner}'s data`);
}

/** `data-node resign <owner>`: stops serving `owner`'s data for requests made from now on. */
export async function dataNodeResign(ctx: CommandContext, ownerArg: string | undefined): Promise<void> {
  const owner = ownerOf(ownerArg, "resign");
  await sendAndWait(
    ctx,
    {
      address: ctx.deployment.dataRegistry,
      abi: dataRegistryAbi,
      functionName: "resignDataNode",
      args: [owner],
    } as never,
    "resignDataNode",
  );
  console.log(`${ctx.config.operatorAddress} no longer serves new requests on ${owner}'s data`);
}
