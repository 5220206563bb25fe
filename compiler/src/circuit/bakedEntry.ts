import type { InputMode } from "@symbiote/sdk";

/**
 * The end of every baked entry (linear, dense, trees): the version's weights commitment pinned as a constant, so that
 * the registry's binding and the decoders are the committed circuit's; the binding's check; and the main component
 * with the public inputs every model circuit takes.
 */
export function bakedEntryTail(template: string, mode: InputMode, commitment: bigint): string[] {
  return [
    "    // the baked constants are the registered version: its weights commitment, computed when the circuit was made",
    `    weightsCommitment === ${commitment};`,
    "    BindingCheck()(binding);",
    "}",
    "",
    `component main {public [${mode === "committed" ? "inputCommitment" : "featureWords"}, weightsCommitment, binding]} = ${template}();`,
    "",
  ];
}
