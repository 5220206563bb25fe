import type { Chain, Client, Transport } from "viem";
import { type DecodedOutputs, decodeCircuitOutputs } from "../codecs/outputs.ts";
import type { Deployment } from "../deployment.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import type { EncodingError } from "../errors/base.ts";
import { readCircuitShape } from "../utils/request.ts";

export type DecodeOutputsParameters = {
  deployment: Pick<Deployment, "registry">;
  /** The registry circuit that served the request (`request.circuitId`). */
  circuitId: number;
  /** The outputs as `DecisionRecorded` or the consumer callback carry them. */
  outputs: readonly bigint[];
};

export type DecodeOutputsReturnType = DecodedOutputs;

export type DecodeOutputsErrorType = EncodingError | RpcUnreachableError;

/**
 * Decodes a decision's outputs with the shape the registry records for its circuit (for a known shape without a
 * chain read, use `decodeCircuitOutputs`).
 *
 * @example
 * const explanation = await decodeOutputs(client, { deployment, circuitId: request.circuitId, outputs });
 * if (explanation.family === "classifier") console.log(explanation.contributions.map((c) => c.value));
 */
export async function decodeOutputs(
  client: Client<Transport, Chain | undefined>,
  parameters: DecodeOutputsParameters,
): Promise<DecodeOutputsReturnType> {
  const shape = await readCircuitShape(client, parameters.deployment.registry, parameters.circuitId);
  return decodeCircuitOutputs(shape, parameters.outputs);
}
