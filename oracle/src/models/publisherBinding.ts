import type { WeightsBinding } from "@symbiote/circuits";
import { type Address, getAddress, type Hex } from "viem";

/** What the registry holds for a version that the weights' binding is checked against. */
export type PublishedVersion = {
  modelId: bigint;
  version: number;
  /** `model(modelId).owner`: who is paid the owner's share of the version's fees. */
  owner: Address;
  /** The version's training-data root and total weight: whose contributors are paid the data share. */
  trainingDataRoot: Hex;
  totalDataWeight: bigint;
};

/**
 * Why this node will not serve a version with the weights it holds: `unbound`, the file names no publisher, so the
 * owner's version cannot be told from a copy; `copy`, the file was handed over for another model owner or training
 * data than the version's.
 */
export type BindingRefusal = { kind: "unbound" | "copy"; reason: string };

const hex64 = (value: bigint) => `0x${value.toString(16).padStart(64, "0")}`;

/**
 * Whether the weights a node holds may serve a version: only when they were handed over for that version's model
 * owner and, when the file records its training data (a trainer artifact), for that training-data root and weight.
 * The registry refuses a commitment published before, unless its publisher owns the first model and keeps its data
 * root, so the first publication is the only one a stranger can take, by copying the owner's pending transaction's
 * commitment and registering it first under a model of its own. That copy is owned by the stranger (the file's
 * publisher is not its owner) or, if the stranger hands it to the owner afterwards, still pays the data share to the
 * stranger's training-data root (the file's root is not its root): either way it is refused here, and the owner's own
 * versions, and republications under another model of the owner's with the same data, pass.
 *
 * A file that names no publisher is refused too (`unbound`), by default and without a switch: it cannot tell the
 * owner's version from a copy, and serving it is exactly what the front-run counts on. An operator who knows who
 * handed such a file over binds it on import (`models sync --from <folder> --publisher <address>`), once.
 *
 * @example bindingRefusal(store.readBinding(commitment), { modelId: 3n, version: 1, owner, trainingDataRoot, totalDataWeight }, commitment)
 */
export function bindingRefusal(
  binding: WeightsBinding,
  published: PublishedVersion,
  commitment: bigint,
): BindingRefusal | undefined {
  const label = `model ${published.modelId} version ${published.version}`;
  if (binding.publisher === undefined) {
    return {
      kind: "unbound",
      reason: `the weights under ${hex64(commitment)} name no publisher, so this node cannot tell ${label} from a copy a stranger registered first with the owner's commitment; not served. Ask the model owner for its file with "publisher" set (\`trainer train --publisher\`, \`trainer publish\`, \`npm run model -- compile --publisher\`), or, if you know who handed this one over, import it again with \`symbiote-oracle models sync --from <folder> --publisher <that address>\``,
    };
  }
  const owner = getAddress(published.owner);
  const publisher = getAddress(binding.publisher);
  if (publisher !== owner) {
    return {
      kind: "copy",
      reason: `weights were handed over for publisher ${publisher} but model ${published.modelId} is owned by ${owner}: a copy; not served (if ${publisher} transferred the model to ${owner}, ask ${owner} for the file bound to it)`,
    };
  }
  const data = binding.trainingData;
  if (
    data !== undefined &&
    (data.root !== published.trainingDataRoot.toLowerCase() || data.totalWeight !== published.totalDataWeight)
  ) {
    return {
      kind: "copy",
      reason: `the weights were trained on data root ${data.root} (total weight ${data.totalWeight}) but ${label} records ${published.trainingDataRoot} (${published.totalDataWeight}): a copy under someone else's contributors; not served`,
    };
  }
  return undefined;
}
