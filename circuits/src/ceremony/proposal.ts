import { modelRegistryAbi } from "@symbiote/sdk";
import { type Address, encodeFunctionData, type Hex, isAddress } from "viem";
import { expectedCircuits } from "../expectedCircuits.ts";
import type { Manifest } from "../manifest.ts";
import { CeremonyError } from "./errors.ts";

/** A governor proposal as `Governor.propose` takes it (docs/governance.md). */
export type Proposal = {
  targets: Address[];
  values: string[];
  calldatas: Hex[];
  description: string;
};

export type ProposalOptions = {
  manifest: Manifest;
  /** The ceremony's builds, "<manifest id>/<backend>" (transcript.ts, ceremonyKeys): each is registered. */
  keys: readonly string[];
  registry: Address;
  /** The deployed verifier of each build, by "<manifest id>/<backend>". */
  verifiers: Readonly<Record<string, Address>>;
  /** Prefix of the artifact URIs, as the deploy configuration's artifactBaseURI. */
  artifactBaseURI: string;
  /** Registry circuit ids to retire in the same proposal (the dev keys the ceremony replaces). */
  retire?: readonly number[];
  transcriptSha256: string;
};

/**
 * The proposal that registers the ceremony's builds (Groth16 and PLONK), built as the deploy's hand-over batch
 * registers circuits (ModelRegistry.registerCircuit with the record CircuitManifest.sol derives from the manifest),
 * plus, optionally, retireCircuit for the circuits they replace. Governance votes on it; the timelock executes it.
 */
export function registrationProposal(o: ProposalOptions): Proposal {
  if (!isAddress(o.registry)) throw new CeremonyError(`--registry ${o.registry}: not an address.`);
  const records = expectedCircuits(o.manifest, o.artifactBaseURI).filter((c) => o.keys.includes(c.key));
  const missing = o.keys.filter((key) => !records.some((c) => c.key === key));
  if (missing.length > 0) {
    throw new CeremonyError(`${missing.join(", ")}: not a build of circuits/manifest.json; finalize again.`);
  }
  const calldatas: Hex[] = records.map((c) => {
    const verifier = o.verifiers[c.key];
    if (!verifier || !isAddress(verifier)) {
      throw new CeremonyError(
        `no deployed verifier for ${c.key}; pass --verifier ${c.key}=<address of ${c.verifierContract}>.`,
      );
    }
    return encodeFunctionData({
      abi: modelRegistryAbi,
      functionName: "registerCircuit",
      args: [
        {
          verifier,
          family: c.family,
          inputMode: c.inputMode,
          proofSystem: c.proofSystem,
          active: true,
          outputWords: c.outputWords,
          inputWords: c.inputWords,
          layoutVersion: c.layoutVersion,
          shape: [...c.shape],
          wasmHash: c.wasmHash,
          zkeyHash: c.zkeyHash,
          vkeyHash: c.vkeyHash,
          artifactURI: c.artifactURI,
        },
      ],
    });
  });
  for (const id of o.retire ?? []) {
    calldatas.push(encodeFunctionData({ abi: modelRegistryAbi, functionName: "retireCircuit", args: [id] }));
  }
  const names = records.map((c) => c.key).join(", ");
  return {
    targets: calldatas.map(() => o.registry),
    values: calldatas.map(() => "0"),
    calldatas,
    description:
      `Register the trusted-setup ceremony's keys for ${names} (transcript sha256 ${o.transcriptSha256})` +
      `${o.retire?.length ? `, and retire circuits ${o.retire.join(", ")}` : ""}. Anyone can check the keys: ` +
      "npm run ceremony -- verify (docs/circuits.md).",
  };
}

/**
 * Parses repeated `--verifier <circuit id>/<backend>=<address>` values, by "<id>/<backend>"; a bare circuit id names
 * its Groth16 verifier.
 */
export function parseVerifierAddresses(values: readonly string[]): Record<string, Address> {
  const out: Record<string, Address> = {};
  for (const v of values) {
    const [key, address, ...rest] = v.split("=");
    if (!key || !address || rest.length > 0 || !isAddress(address)) {
      throw new CeremonyError(`--verifier ${v}: use <circuit id>/<groth16 | plonk>=<0x address>.`);
    }
    out[key.includes("/") ? key : `${key}/groth16`] = address;
  }
  return out;
}
