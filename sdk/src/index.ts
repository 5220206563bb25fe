/**
 * @symbiote/sdk: typed ABIs, the protocol's codecs (request status, input modes, every circuit's public-signal layout
 * and output decoders), viem actions, decoded protocol errors and a reorg-aware log reader.
 */

export * from "./abis.ts";
export * from "./actions/acceptDataNode.ts";
export * from "./actions/claimRewards.ts";
export * from "./actions/declareServedVersions.ts";
export * from "./actions/decodeOutputs.ts";
export * from "./actions/deposit.ts";
export * from "./actions/getDecision.ts";
export * from "./actions/getDecisionFees.ts";
export * from "./actions/getDecisionTrail.ts";
export * from "./actions/grantAccess.ts";
export * from "./actions/publishModel.ts";
export * from "./actions/registerInputCommitments.ts";
export * from "./actions/registerOperator.ts";
export * from "./actions/requestInference.ts";
export * from "./actions/setDataNode.ts";
export * from "./actions/stake.ts";
export * from "./actions/waitForDecision.ts";
export * from "./actions/withdrawDeposit.ts";
export * from "./cards/cardAddress.ts";
export * from "./cards/modelCard.ts";
export * from "./codecs/binding.ts";
export * from "./codecs/decisionHash.ts";
export * from "./codecs/decode.ts";
export * from "./codecs/entryOutputs.ts";
export * from "./codecs/feeSplit.ts";
export * from "./codecs/field.ts";
export * from "./codecs/fixedPoint.ts";
export * from "./codecs/layout.ts";
export * from "./codecs/outputs.ts";
export * from "./codecs/packedBatch.ts";
export * from "./codecs/packing.ts";
export * from "./codecs/params.ts";
export * from "./codecs/request.ts";
export * from "./deployment.ts";
export * from "./enums.ts";
export * from "./errors/actionable.ts";
export * from "./errors/base.ts";
export * from "./errors/classifyError.ts";
export * from "./errors/explain.ts";
export * from "./errors/kinds.ts";
export * from "./errors/revert.ts";
export * from "./logs/logReader.ts";
export * from "./manifest/resolveCircuit.ts";
export * from "./manifest/types.ts";
export * from "./utils/gasLimit.ts";
export * from "./utils/merkle.ts";
export { UnknownRequestError } from "./utils/request.ts";
export type { SigningClient } from "./utils/transaction.ts";
