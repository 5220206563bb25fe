/**
 * @symbiote/oracle: the operator node — it watches requests, proves inferences with @symbiote/circuits, submits
 * fulfillments, serves models, model cards and the explorer — and the operator CLI.
 */

export * from "./chain/clients.ts";
export * from "./config/loadConfig.ts";
export * from "./explorer/explorerHandler.ts";
export * from "./models/cardStore.ts";
export * from "./models/declarations.ts";
export * from "./models/importArtifacts.ts";
export * from "./prover/circuitCall.ts";
export * from "./prover/dataStore.ts";
