/**
 * `@symbiote/circuits/dense`: the browser-safe part of the dense networks' code — the integer model, its widths and
 * per-layer bounds, the committed order of its parameters, the logit packing and the TypeScript reference evaluation.
 * It reaches only the SDK; the commitment and the witness builder, which need Poseidon and the circuit call, are in
 * the main entry.
 */
export * from "./denseErrors.ts";
export * from "./denseModel.ts";
