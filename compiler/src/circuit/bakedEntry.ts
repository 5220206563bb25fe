import type { InputMode } from "@symbiote/sdk";

/**
 * The id of one version's baked circuit: the shape's id, `-baked` and the first 8 hex digits of the version's weights
 * commitment (trees50x6x32x1-committed-baked-1f2e3d4c). Every version has its own circuit, entry, setup and verifier,
 * so two versions of one shape must not share an id (a node stores circuit entries by id).
 */
export function bakedCircuitIdOf(shapeId: string, commitment: bigint): string {
  return `${shapeId}-baked-${commitment.toString(16).padStart(64, "0").slice(0, 8)}`;
}

/** Constants as the body of a circom array literal, 16 to a line (a version's weights in its baked entry). */
export function circomConstantRows(values: readonly bigint[]): string {
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += 16) rows.push(values.slice(i, i + 16).join(", "));
  return rows.join(",\n        ");
}

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
