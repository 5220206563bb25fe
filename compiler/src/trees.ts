/**
 * `@symbiote/compiler/trees`: the browser-safe reader of published tree parameters. The code lives in
 * `@symbiote/circuits/trees` (the operator node serves trees without the compiler); this subpath keeps offering it.
 */
export * from "@symbiote/circuits/trees";
