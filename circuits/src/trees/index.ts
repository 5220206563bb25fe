/**
 * `@symbiote/circuits/trees`: the browser-safe part of the tree ensembles' code — shapes and limits, the integer
 * model and its padded layout, the published `symbiote-trees/1` parameters, the TypeScript reference evaluation and
 * the public-signal layout and decoding. It reaches only the SDK, so the explorer's page and the compiler's decoder run
 * it; the commitment and the witness builder, which need Poseidon and the circuit call, are in the main entry.
 */
export * from "./treeErrors.ts";
export * from "./treeModel.ts";
export * from "./treeParameters.ts";
export * from "./treeReference.ts";
export * from "./treeShape.ts";
export * from "./treeSignals.ts";
