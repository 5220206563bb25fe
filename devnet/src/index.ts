/**
 * @symbiote/devnet: a local Symbiote network for the end-to-end tests, the benchmarks and the demo — anvil, the
 * protocol deployed by the project's own deploy path (`startLocalProtocol`), its actors driven through the SDK's
 * actions, a consumer contract, family models registered with their weights, operator nodes prepared and run as
 * processes, request bursts, and verifiers compiled and deployed on the chain.
 */

export * from "./anvil.ts";
export * from "./consumer.ts";
export * from "./demoModels.ts";
export * from "./deployLocal.ts";
export * from "./deployment.ts";
export * from "./familyModels.ts";
export * from "./localProtocol.ts";
export * from "./models.ts";
export * from "./node.ts";
export * from "./nodeProcess.ts";
export * from "./protocol.ts";
export * from "./requestSender.ts";
export * from "./verifier.ts";
