import { type Address, type Chain, type Client, getAbiItem, type Transport } from "viem";
import { getLogs, readContract } from "viem/actions";
import { coordinatorAbi, modelRegistryAbi } from "../abis.ts";
import type { CircuitShape } from "../codecs/layout.ts";
import { circuitShape } from "../codecs/outputs.ts";
import type { ChainRequest } from "../codecs/request.ts";
import { SymbioteError } from "../errors/base.ts";
import { protocolRead } from "./transaction.ts";

/** The coordinator has no request with this id (or it was made before the block searched from). */
export class UnknownRequestError extends SymbioteError {
  override name = "UnknownRequestError";
}

/** The request as `InferenceRequested` recorded it, with the block it was made in. */
export async function findRequest(
  client: Client<Transport, Chain | undefined>,
  coordinator: Address,
  requestId: bigint,
  fromBlock: bigint,
): Promise<{ request: ChainRequest; blockNumber: bigint }> {
  const logs = await protocolRead("read the request", () =>
    getLogs(client, {
      address: coordinator,
      event: getAbiItem({ abi: coordinatorAbi, name: "InferenceRequested" }),
      args: { requestId },
      fromBlock,
      strict: true,
    }),
  );
  const log = logs[0];
  if (!log) {
    throw new UnknownRequestError(
      `request ${requestId} is not on coordinator ${coordinator} (searched from block ${fromBlock}); check the request id and the deployment, or pass an earlier fromBlock.`,
    );
  }
  return { request: log.args.request as ChainRequest, blockNumber: log.blockNumber };
}

/** The shape of a registry circuit, read from its record (family and shape). */
export async function readCircuitShape(
  client: Client<Transport, Chain | undefined>,
  registry: Address,
  circuitId: number,
): Promise<CircuitShape> {
  const circuit = await protocolRead("read the circuit", () =>
    readContract(client, { address: registry, abi: modelRegistryAbi, functionName: "circuit", args: [circuitId] }),
  );
  return circuitShape(circuit);
}
