import type { Chain, Client, Transport } from "viem";
import type { CircuitEntry } from "../codecs/entryOutputs.ts";
import type { DecodedOutputs } from "../codecs/outputs.ts";
import type { Deployment } from "../deployment.ts";
import type { RpcUnreachableError } from "../errors/actionable.ts";
import type { EncodingError } from "../errors/base.ts";
import { readCircuitDecoder } from "../utils/request.ts";

export type DecodeOutputsParameters = {
  deployment: Pick<Deployment, "registry">;
  /** The registry circuit that served the request (`request.circuitId`). */
  circuitId: number;
  /** The outputs as `DecisionRecorded` or the consumer callback carry them. */
  outputs: readonly bigint[];
  /**
   * Manifest entries of compiled circuits (dense networks, tree ensembles: the manifest-entry.json of
   * `npm run model -- compile`), to decode their outputs; the original families need none.
   */
  entries?: readonly CircuitEntry[];
};

export type DecodeOutputsReturnType = DecodedOutputs;

export type DecodeOutputsErrorType = EncodingError | RpcUnreachableError;

/**
 * Decodes a decision's outputs with the shape the registry records for its circuit, or, for a compiled dense network
 * or tree ensemble, through its manifest entry among `entries` (without a chain read: `decodeCircuitOutputs` for a
 * known shape, `decodeEntryOutputs` for an entry).
 *
 * @example
 * const explanation = await decodeOutputs(client, { deployment, circuitId: request.circuitId, outputs });
 * if (explanation.family === "classifier") console.log(explanation.contributions.map((c) => c.value));
 */
export async function decodeOutputs(
  client: Client<Transport, Chain | undefined>,
  parameters: DecodeOutputsParameters,
): Promise<DecodeOutputsReturnType> {
  const decode = await readCircuitDecoder(
    client,
    parameters.deployment.registry,
    parameters.circuitId,
    parameters.entries,
  );
  return decode(parameters.outputs);
}
