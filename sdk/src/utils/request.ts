import { type Address, type Chain, type Client, getAbiItem, type Transport } from "viem";
import { getLogs, readContract } from "viem/actions";
import { coordinatorAbi, modelRegistryAbi } from "../abis.ts";
import { type CircuitEntry, decodeEntryOutputs, entryForCircuit } from "../codecs/entryOutputs.ts";
import { circuitShape, type DecodedOutputs, decodeCircuitOutputs } from "../codecs/outputs.ts";
import type { ChainRequest } from "../codecs/request.ts";
import { CircuitFamily } from "../enums.ts";
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

/** Turns a circuit's outputs into its decoded explanation. */
export type OutputsDecoder = (outputs: readonly bigint[]) => DecodedOutputs;

/**
 * The decoder of a registry circuit's outputs: a classifier, MLP or recommender from its record alone; a compiled
 * dense network or tree ensemble through its manifest entry among `entries` (matched by verification key hash).
 *
 * @throws {EncodingError} a compiled circuit whose entry is not among `entries`.
 */
export async function readCircuitDecoder(
  client: Client<Transport, Chain | undefined>,
  registry: Address,
  circuitId: number,
  entries: readonly CircuitEntry[] = [],
): Promise<OutputsDecoder> {
  const circuit = await protocolRead("read the circuit", () =>
    readContract(client, { address: registry, abi: modelRegistryAbi, functionName: "circuit", args: [circuitId] }),
  );
  if (circuit.family === CircuitFamily.Dense || circuit.family === CircuitFamily.TreeEnsemble) {
    const entry = entryForCircuit(circuit, entries, circuitId);
    return (outputs) => decodeEntryOutputs(entry, outputs);
  }
  const shape = circuitShape(circuit);
  return (outputs) => decodeCircuitOutputs(shape, outputs);
}

/**
 * The number of input values a registry circuit takes (features, or a recommender's user values): the first entry of
 * its shape in every family, compiled ones included.
 */
export async function readInputCount(
  client: Client<Transport, Chain | undefined>,
  registry: Address,
  circuitId: number,
): Promise<{ count: number; family: number }> {
  const circuit = await protocolRead("read the circuit", () =>
    readContract(client, { address: registry, abi: modelRegistryAbi, functionName: "circuit", args: [circuitId] }),
  );
  return { count: circuit.shape[0], family: circuit.family };
}
