import { describe, expect, it } from "vitest";
import { assessTrustedSetup, type SetupEvidence } from "../../script/check/trustedSetup.ts";

const localDev: SetupEvidence = {
  chainId: 31_337,
  network: "local",
  recorded: { kind: "dev", overrideUsed: false },
  manifestKind: "dev",
  keysMatchManifest: true,
};
const sepoliaDev: SetupEvidence = { ...localDev, chainId: 11_155_111, network: "sepolia" };

describe("assessTrustedSetup()", () => {
  it("passes dev keys on the local chain and names the kind", () => {
    const setup = assessTrustedSetup(localDev);
    expect(setup).toMatchObject({ kind: "dev", ok: true });
    expect(setup.warning).toBeUndefined();
    expect(setup.name).toBe(
      "trusted setup: DEV keys ('dev', NOT a ceremony: anyone may forge proofs) on the local chain 31337 (local), fine for development only",
    );
  });

  it("passes ceremony keys on any chain", () => {
    const setup = assessTrustedSetup({
      ...sepoliaDev,
      recorded: { kind: "ceremony", overrideUsed: false },
      manifestKind: "ceremony",
    });
    expect(setup).toMatchObject({ kind: "ceremony", ok: true });
    expect(setup.warning).toBeUndefined();
  });

  it("warns loudly, in the line itself, about ceremony keys over a Powers of Tau that is not a published file", () => {
    const setup = assessTrustedSetup({
      ...sepoliaDev,
      recorded: { kind: "ceremony", overrideUsed: false },
      manifestKind: "ceremony",
      transcriptSha256: "ab".repeat(32),
      publishedPtau: false,
    });
    expect(setup).toMatchObject({ kind: "ceremony", ok: true });
    expect(setup.name).toContain("ceremony keys over an UNPUBLISHED Powers of Tau");
    expect(setup.warning).toContain("whoever made that file can forge a proof of ANY output");
  });

  it("names the ceremony's transcript when the registry holds the manifest's ceremony keys", () => {
    const setup = assessTrustedSetup({
      ...sepoliaDev,
      recorded: { kind: "ceremony", overrideUsed: false },
      manifestKind: "ceremony",
      transcriptSha256: "ab".repeat(32),
    });
    expect(setup.name).toBe(
      `trusted setup: ceremony keys (transcript sha256 ${"ab".repeat(32)}) on chain 11155111 (sepolia)`,
    );
  });

  it("fails dev keys on a non-local chain whose deployment file does not record the override, saying what to do", () => {
    for (const recorded of [{ kind: "dev", overrideUsed: false }, undefined]) {
      const setup = assessTrustedSetup({ ...sepoliaDev, recorded });
      expect(setup.ok).toBe(false);
      expect(setup.name).toBe(
        "trusted setup: DEV keys ('dev', NOT a ceremony: anyone may forge proofs) on chain 11155111 (sepolia)",
      );
      expect(setup.message).toContain("docs/security.md");
      expect(setup.message).toContain("SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP=I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS");
    }
  });

  it("treats chain 31337 as local only with the local network, and the local network only on chain 31337", () => {
    expect(assessTrustedSetup({ ...localDev, network: "staging" }).ok).toBe(false);
    expect(assessTrustedSetup({ ...localDev, chainId: 1337 }).ok).toBe(false);
  });

  it("passes dev keys on a non-local chain with a loud warning when the deployment file records the override", () => {
    const setup = assessTrustedSetup({ ...sepoliaDev, recorded: { kind: "dev", overrideUsed: true } });
    expect(setup.ok).toBe(true);
    expect(setup.warning).toContain("NOT A CEREMONY");
    expect(setup.warning).toContain("forge a proof of ANY output");
  });

  it("takes the kind from the keys on chain: a deployment file claiming a ceremony for the manifest's dev keys fails", () => {
    const setup = assessTrustedSetup({ ...sepoliaDev, recorded: { kind: "ceremony", overrideUsed: false } });
    expect(setup).toMatchObject({ kind: "dev", ok: false });
    expect(setup.message).toContain("records setup kind 'ceremony'");
    expect(setup.message).toContain("setup.kind is 'dev'");
  });

  it("falls back to the recorded kind when the registry no longer holds the manifest's keys", () => {
    const rebuilt = { ...sepoliaDev, manifestKind: "ceremony", keysMatchManifest: false };
    expect(assessTrustedSetup({ ...rebuilt, recorded: { kind: "dev", overrideUsed: false } })).toMatchObject({
      kind: "dev",
      ok: false,
    });
    expect(assessTrustedSetup({ ...rebuilt, recorded: undefined })).toMatchObject({ kind: "unknown", ok: false });
  });
});
