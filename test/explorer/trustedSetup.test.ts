import { describe, expect, it } from "vitest";
import { loadManifest, type Manifest } from "../../circuits/src/manifest.ts";
import { trustedSetupOf } from "../../explorer/src/chain/trustedSetup.ts";

const ceremony = {
  transcript: { path: "circuits/ceremony/transcript.json", sha256: "ab".repeat(32) },
  participants: ["alice (0x1)", "bob (0x2)", "carol (0x3)"],
  ptau: { file: "p.ptau", blake2b: "cd".repeat(64), known: true },
  beacon: { source: "drand:1", value: "ef".repeat(32), iterationsExp: 10 },
  circuits: ["classifier16-public"],
};

describe("the decision page's trusted-setup label", () => {
  it("says dev for the repository's dev keys", () => {
    const manifest = loadManifest();
    expect(manifest.setup.kind).toBe("dev");
    expect(trustedSetupOf(manifest, "classifier16-public", "groth16")).toEqual({ kind: "dev" });
  });

  it("names the participants and the transcript for a ceremony's keys", () => {
    const manifest: Manifest = { ...loadManifest(), setup: { kind: "ceremony", ptauPower: 15, note: "", ceremony } };
    expect(trustedSetupOf(manifest, "classifier16-public", "groth16")).toEqual({
      kind: "ceremony",
      key: "phase2",
      participants: 3,
      publishedPtau: true,
      transcriptSha256: "ab".repeat(32),
    });
  });

  it("says a PLONK key comes from the ceremony's Powers of Tau, not its participants, and flags an unknown ptau", () => {
    const manifest: Manifest = {
      ...loadManifest(),
      setup: {
        kind: "ceremony",
        ptauPower: 15,
        note: "",
        ceremony: { ...ceremony, ptau: { ...ceremony.ptau, known: false } },
      },
    };
    expect(trustedSetupOf(manifest, "classifier16-public", "plonk")).toEqual({
      kind: "ceremony",
      key: "ptau",
      participants: 3,
      publishedPtau: false,
      transcriptSha256: "ab".repeat(32),
    });
  });

  it("takes a backend's own setup when the ceremony covered only some backends", () => {
    const base = loadManifest();
    const manifest: Manifest = {
      ...base,
      setup: { kind: "mixed", ptauPower: 15, note: "", ceremony },
      circuits: base.circuits.map((c) => ({
        ...c,
        backends: c.backends.map((b) => ({
          ...b,
          setup: b.backend === "groth16" ? { kind: "ceremony", transcriptSha256: "12".repeat(32) } : { kind: "dev" },
        })),
      })),
    };
    expect(trustedSetupOf(manifest, "classifier16-public", "groth16")).toEqual({
      kind: "ceremony",
      key: "phase2",
      participants: 3,
      publishedPtau: true,
      transcriptSha256: "12".repeat(32),
    });
    expect(trustedSetupOf(manifest, "classifier16-public", "plonk")).toEqual({ kind: "dev" });
  });
});
