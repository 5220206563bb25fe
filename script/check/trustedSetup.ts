/**
 * The trusted setup behind a deployment's circuit keys, and whether the chain may hold them: the post-deploy side of
 * script/deploy/TrustedSetup.sol, which refuses such keys at deploy time. Keys from anything but a multi-party
 * ceremony (the "dev" setup `npm run circuits:build` runs on one machine) let whoever ran the setup forge a proof of
 * any output: they belong on the local chain only, or on a throwaway testnet deployed under the explicit override.
 */

/** The one `setup.kind` that counts as production (docs/security.md); TrustedSetup.CEREMONY in the deploy script. */
export const CEREMONY_KIND = "ceremony";
/** The local chain: anvil's default chain id, with the configuration's `network: "local"`. */
export const LOCAL_CHAIN_ID = 31_337;
export const LOCAL_NETWORK = "local";
/** The environment variable and value that let the deploy put non-ceremony keys on a non-local chain. */
export const OVERRIDE_NAME = "SYMBIOTE_ALLOW_DEV_TRUSTED_SETUP";
export const OVERRIDE_VALUE = "I_UNDERSTAND_ANYONE_MAY_FORGE_PROOFS";

export type SetupEvidence = {
  /** The chain the RPC serves (already checked to be the deployment file's). */
  chainId: number;
  /** The deployment file's `network` (the configuration's). */
  network: string;
  /** What the deployment file records; absent in files written before the deploy recorded it. */
  recorded: { kind: string; overrideUsed: boolean } | undefined;
  /** circuits/manifest.json's `setup.kind`. */
  manifestKind: string;
  /** Whether every circuit the deployment registered carries the manifest's zkey and vkey hashes on chain. */
  keysMatchManifest: boolean;
  /** The manifest's ceremony transcript hash (setup.ceremony), when it records one. */
  transcriptSha256?: string;
  /**
   * Whether the manifest's ceremony started from a published Powers of Tau (setup.ceremony.ptau.known), when it
   * records one: `init --allow-unknown-ptau` lets a test use any file, whose maker could forge every key.
   */
  publishedPtau?: boolean;
};

export type SetupAssessment = {
  /** The setup kind of the deployed keys, or "unknown". */
  kind: string;
  /** The checklist line. */
  name: string;
  ok: boolean;
  /** Passes, but loudly: dev keys on a non-local chain under the recorded override. */
  warning?: string;
  /** What is wrong and what to do (failures only). */
  message?: string;
};

const REDEPLOY =
  `deploy keys from the ceremony instead (docs/security.md), or, for a throwaway testnet only, redeploy with ` +
  `${OVERRIDE_NAME}=${OVERRIDE_VALUE}, which the deployment file then records`;

/**
 * Which setup the deployed keys come from and whether this chain may hold them. The kind is the manifest's when the
 * registry holds the manifest's key hashes (the deployment file must then agree), else the deployment file's.
 *
 * @example assessTrustedSetup({ chainId: 31337, network: "local", recorded, manifestKind: "dev", keysMatchManifest: true })
 */
export function assessTrustedSetup(e: SetupEvidence): SetupAssessment {
  const where = `chain ${e.chainId} (${e.network})`;
  if (e.keysMatchManifest && e.recorded && e.recorded.kind !== e.manifestKind) {
    return {
      kind: e.manifestKind,
      name: "trusted setup",
      ok: false,
      message:
        `the deployment file records setup kind '${e.recorded.kind}' but the registry holds the keys of ` +
        `circuits/manifest.json, whose setup.kind is '${e.manifestKind}': one of the two was edited by hand; ` +
        "restore them from version control",
    };
  }
  const kind = e.keysMatchManifest ? e.manifestKind : (e.recorded?.kind ?? "unknown");
  const local = e.chainId === LOCAL_CHAIN_ID && e.network === LOCAL_NETWORK;
  if (kind === CEREMONY_KIND) {
    const transcript = e.keysMatchManifest && e.transcriptSha256 ? ` (transcript sha256 ${e.transcriptSha256})` : "";
    if (e.keysMatchManifest && e.publishedPtau === false) {
      return {
        kind,
        name: `trusted setup: ceremony keys over an UNPUBLISHED Powers of Tau${transcript} on ${where}`,
        ok: true,
        warning:
          "the ceremony started from a Powers of Tau that is not a published file of knownPtau.json (init " +
          "--allow-unknown-ptau): whoever made that file can forge a proof of ANY output with these keys, whatever " +
          "the participants did; run the ceremony again from a published file before anyone relies on this chain",
      };
    }
    return { kind, name: `trusted setup: ceremony keys${transcript} on ${where}`, ok: true };
  }
  // Said in the line itself, not only in a warning: whoever reads one line of the checklist learns it.
  const dev = `DEV keys ('${kind}', NOT a ceremony: anyone may forge proofs)`;
  if (local) {
    return { kind, name: `trusted setup: ${dev} on the local ${where}, fine for development only`, ok: true };
  }
  if (e.recorded?.overrideUsed) {
    return {
      kind,
      name: `trusted setup: ${dev} on ${where}`,
      ok: true,
      warning:
        `NOT A CEREMONY: deployed under ${OVERRIDE_NAME}, as the deployment file records. Whoever ran the ` +
        `'${kind}' setup can forge a proof of ANY output on this chain: use it as a throwaway testnet only`,
    };
  }
  return {
    kind,
    name: `trusted setup: ${dev} on ${where}`,
    ok: false,
    message:
      `the registered keys come from a '${kind}' setup, not a ceremony, and the deployment file does not record ` +
      `${OVERRIDE_NAME}: whoever ran that setup can forge a proof of any output on a chain that is not local; ` +
      REDEPLOY,
  };
}
