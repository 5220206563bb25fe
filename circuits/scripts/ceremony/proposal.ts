import { type Address, encodeFunctionData, type Hex, isAddress } from "viem";
import { modelRegistryAbi } from "../../../oracle/src/chain/abis.ts";
import type { Manifest } from "../../../oracle/src/zk/manifest.ts";
import { expectedCircuits } from "../../../script/check/expectedCircuits.ts";
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
  /** The ceremony's circuits (manifest ids): their Groth16 builds are registered. */
  circuits: readonly string[];
  registry: Address;
  /** The deployed verifier of each circuit, by manifest id. */
  verifiers: Readonly<Record<string, Address>>;
  /** Prefix of the artifact URIs, as the deploy configuration's artifactBaseURI. */
  artifactBaseURI: string;
  /** Registry circuit ids to retire in the same proposal (the dev keys the ceremony replaces). */
  retire?: readonly number[];
  transcriptSha256: string;
};

/**
 * The proposal that registers the ceremony's circuits, built as the deploy's hand-over batch registers circuits
 * (ModelRegistry.registerCircuit with the record CircuitManifest.sol derives from the manifest), plus, optionally,
 * retireCircuit for the circuits they replace. Governance votes on it; the timelock executes it.
 */
export function registrationProposal(o: ProposalOptions): Proposal {
  if (!isAddress(o.registry)) throw new CeremonyError(`--registry ${o.registry}: not an address.`);
  const records = expectedCircuits(o.manifest, o.artifactBaseURI).filter(
    (c) => c.proofSystem === 0 && o.circuits.includes(c.key.replace(/\/groth16$/, "")),
  );
  const calldatas: Hex[] = records.map((c) => {
    const id = c.key.replace(/\/groth16$/, "");
    const verifier = o.verifiers[id];
    if (!verifier || !isAddress(verifier)) {
      throw new CeremonyError(
        `no deployed verifier for ${id}; pass --verifier ${id}=<address of ${c.verifierContract}>.`,
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

/** Parses repeated `--verifier <circuit id>=<address>` values. */
export function parseVerifierAddresses(values: readonly string[]): Record<string, Address> {
  const out: Record<string, Address> = {};
  for (const v of values) {
    const [id, address] = v.split("=");
    if (!id || !address || !isAddress(address)) {
      throw new CeremonyError(`--verifier ${v}: use <circuit id>=<0x address>.`);
    }
    out[id] = address;
  }
  return out;
}
