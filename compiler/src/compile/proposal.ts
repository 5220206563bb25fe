import type { Proposal } from "@symbiote/circuits";
import { expectedCircuits, loadManifest, type ManifestCircuit } from "@symbiote/circuits";
import { modelRegistryAbi } from "@symbiote/sdk";
import { type Address, encodeFunctionData, isAddress } from "viem";
import { CompilerError } from "../errors.ts";
import type { GeneratedManifestCircuit } from "./compileModel.ts";

/** The registration calldata cannot be built for this circuit or these addresses. */
export class ProposalError extends CompilerError {
  override name = "ProposalError";
}

export interface RegistrationOptions {
  registry: Address;
  /** The deployed address of the circuit's Groth16 verifier. */
  verifier: Address;
  /** Prefix of the artifact URIs (the deploy configuration's artifactBaseURI). */
  artifactBaseURI: string;
}

/**
 * The governance proposal that registers a compiled circuit: ModelRegistry.registerCircuit with the record the deploy
 * derives from a manifest entry (circuits/src/expectedCircuits.ts), as the ceremony's registration proposal builds it.
 * The registry's record holds a family and a three-number shape, so a dense network with other than one hidden layer
 * cannot be registered yet.
 */
export function registrationProposal(entry: GeneratedManifestCircuit, o: RegistrationOptions): Proposal {
  if (!isAddress(o.registry)) throw new ProposalError(`--registry ${o.registry}: not an address.`);
  if (!isAddress(o.verifier)) throw new ProposalError(`--verifier ${o.verifier}: not an address.`);
  const { shape } = entry;
  if (shape.family === "dense" || shape.family === "trees") {
    const what = shape.family === "dense" ? `a ${shape.widths.length - 1}-layer dense network` : "a tree ensemble";
    throw new ProposalError(
      `${entry.id}: the model registry records a classifier, an MLP n-h-k or a recommender, not ${what}.`,
      "Register it once the registry takes its family and shape (for a dense network: retrain with one hidden layer).",
    );
  }
  const build = entry.backends.find((b) => b.backend === "groth16");
  if (!build?.zkey.sha256) {
    throw new ProposalError(`${entry.id} has no Groth16 keys.`, "Compile with the setup (or run a ceremony) first.");
  }
  const manifest = { ...loadManifest(), circuits: [{ ...entry, shape } as ManifestCircuit] };
  const [record] = expectedCircuits(manifest, o.artifactBaseURI);
  if (!record) throw new ProposalError(`${entry.id}: no registry record could be derived.`);
  const calldata = encodeFunctionData({
    abi: modelRegistryAbi,
    functionName: "registerCircuit",
    args: [
      {
        verifier: o.verifier,
        family: record.family,
        inputMode: record.inputMode,
        proofSystem: record.proofSystem,
        active: true,
        outputWords: record.outputWords,
        inputWords: record.inputWords,
        layoutVersion: record.layoutVersion,
        shape: [...record.shape],
        wasmHash: record.wasmHash,
        zkeyHash: record.zkeyHash,
        vkeyHash: record.vkeyHash,
        artifactURI: record.artifactURI,
      },
    ],
  });
  return {
    targets: [o.registry],
    values: ["0"],
    calldatas: [calldata],
    description:
      `Register circuit ${entry.id} (Groth16, ${build.constraints} constraints, ${build.setup?.kind ?? "unknown"} keys), ` +
      `compiled by npm run model from its ONNX model; verifier ${o.verifier}. ` +
      `Its keys are ${build.setup?.kind === "ceremony" ? "from a ceremony" : "DEV keys: do not register them on a production chain"}.`,
  };
}
