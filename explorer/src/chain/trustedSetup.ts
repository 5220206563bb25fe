import type { Manifest } from "@symbiote/circuits";

/** Where the verified key comes from, as the explorer's manifest records it for the registry's artifact hashes. */
export type TrustedSetupView =
  | {
      kind: "ceremony";
      /**
       * "phase2": a Groth16 key the ceremony's participants contributed to; "ptau": a PLONK key derived from the
       * ceremony's Powers of Tau alone (no participant of this ceremony adds to its soundness).
       */
      key: "phase2" | "ptau";
      participants: number;
      /** Whether the ceremony started from a published multi-party Powers of Tau (knownPtau.json). */
      publishedPtau: boolean;
      transcriptSha256: string;
    }
  | { kind: "dev" }
  | { kind: "other"; label: string };

/**
 * The trusted setup behind a circuit's keys: its backend's own record when a ceremony covered only some backends,
 * else the manifest's. The caller matched the circuit by its on-chain zkey/vkey/wasm hashes, so this is the setup of
 * the key that verified the proof.
 */
export function trustedSetupOf(manifest: Manifest, manifestId: string, backend: string): TrustedSetupView {
  const entry = manifest.circuits.find((c) => c.id === manifestId);
  const own = entry?.backends.find((b) => b.backend === backend)?.setup;
  const kind = own?.kind ?? manifest.setup.kind;
  const ceremony = manifest.setup.ceremony;
  if (kind === "ceremony" && ceremony) {
    return {
      kind: "ceremony",
      key: backend === "plonk" ? "ptau" : "phase2",
      participants: ceremony.participants.length,
      publishedPtau: ceremony.ptau.known,
      transcriptSha256: own?.transcriptSha256 ?? ceremony.transcript.sha256,
    };
  }
  if (kind === "dev") return { kind: "dev" };
  return { kind: "other", label: kind };
}
