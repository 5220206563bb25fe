import { modelRegistryAbi } from "@symbiote/sdk";
import { decodeFunctionData } from "viem";
import { describe, expect, it } from "vitest";
import { registrationProposal } from "../../circuits/src/ceremony/proposal.ts";
import { expectedCircuits } from "../../circuits/src/expectedCircuits.ts";
import { loadManifest } from "../../circuits/src/manifest.ts";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const VERIFIER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

describe("the registration proposal", () => {
  it("registers each ceremony circuit as the deploy would, then retires the replaced ones", () => {
    const manifest = loadManifest();
    const proposal = registrationProposal({
      manifest,
      keys: ["classifier16-public/groth16"],
      registry: REGISTRY,
      verifiers: { "classifier16-public/groth16": VERIFIER },
      artifactBaseURI: "ipfs://keys/",
      retire: [2],
      transcriptSha256: "ab".repeat(32),
    });
    expect(proposal.targets).toEqual([REGISTRY, REGISTRY]);
    expect(proposal.values).toEqual(["0", "0"]);
    expect(proposal.description).toContain("classifier16-public/groth16");
    expect(proposal.description).toContain("ab".repeat(32));
    const register = decodeFunctionData({ abi: modelRegistryAbi, data: proposal.calldatas[0] ?? "0x" });
    expect(register.functionName).toBe("registerCircuit");
    const want = expectedCircuits(manifest, "ipfs://keys/").find((c) => c.key === "classifier16-public/groth16");
    expect(register.args?.[0]).toMatchObject({
      verifier: VERIFIER,
      family: want?.family,
      inputMode: want?.inputMode,
      proofSystem: 0,
      zkeyHash: want?.zkeyHash,
      vkeyHash: want?.vkeyHash,
      artifactURI: "ipfs://keys/classifier16-public/groth16/",
    });
    const retire = decodeFunctionData({ abi: modelRegistryAbi, data: proposal.calldatas[1] ?? "0x" });
    expect(retire).toMatchObject({ functionName: "retireCircuit", args: [2] });
  });

  it("refuses to write a proposal without a deployed verifier for each circuit", () => {
    expect(() =>
      registrationProposal({
        manifest: loadManifest(),
        keys: ["classifier16-public/groth16"],
        registry: REGISTRY,
        verifiers: {},
        artifactBaseURI: "ipfs://keys/",
        transcriptSha256: "ab".repeat(32),
      }),
    ).toThrow(/--verifier classifier16-public\/groth16=<address of Classifier16PublicVerifier>/);
  });
});
