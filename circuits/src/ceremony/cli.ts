/**
 * npm run ceremony -- <command> [options]: the multi-party trusted setup of the circuits (docs/circuits.md, "The
 * ceremony"): a phase 2 for each Groth16 build, and each PLONK build's key derived from the same Powers of Tau. Every
 * command but verify-dev and verify --published works on a ceremony directory (--dir) holding transcript.json and the
 * zkeys of each step.
 */
import { resolve } from "node:path";
import { BaseError } from "@symbiote/sdk";
import type { Address } from "viem";
import { loadManifest, REPO_ROOT } from "../manifest.ts";
import { all, optional, parseArgs, required } from "./args.ts";
import { applyBeacon } from "./beacon.ts";
import { contribute } from "./contribute.ts";
import { CeremonyError } from "./errors.ts";
import { finalizeCeremony } from "./finalize.ts";
import { initCeremony } from "./init.ts";
import { loadParticipantKey } from "./key.ts";
import { parseVerifierAddresses, registrationProposal } from "./proposal.ts";
import { verifyPublished } from "./published.ts";
import { ceremonyKeys, readTranscript, transcriptHash } from "./transcript.ts";
import { verifyCeremony } from "./verify.ts";
import { verifyDev } from "./verifyDev.ts";

const USAGE = `npm run ceremony -- <command> [options]

  init --dir <dir> --ptau <file> [--circuit <id>[/groth16 | /plonk]]... [--allow-unknown-ptau]
      Start a ceremony from a published Powers of Tau (checked against knownPtau.json and powersoftau verify);
      <id> alone selects every build of the circuit; default: every build of the manifest.
  contribute --dir <dir> --name <participant> --key <file | env:VARIABLE> [--entropy <text>]
      Add one participant's contribution to every circuit and sign its attestation. Works offline.
  beacon --dir <dir> --source <block:N@chain | drand:ROUND> --value <hex> --iterations <exp> --announcement <text>
      Close the contributions with a public random value announced in advance.
  verify --dir <dir> --ptau <file>
      Replay the whole chain and re-derive the PLONK keys; exits non-zero at the first broken link.
  verify --published <root> --ptau <file>
      The same from a published finalize output (its --out), and check its keys, verifiers and manifest.
  finalize --dir <dir> --ptau <file> [--out <root>] [--registry <address> --verifier <id>=<address>...
           --artifact-base-uri <uri> [--retire <circuit id>...]]
      Verify, derive the PLONK keys, then write keys, vkeys, verifiers, the transcript and the manifest (setup.kind
      "ceremony"), and the governance proposal when the verifiers' addresses are given (--verifier
      <id>/<groth16 | plonk>=<address>; a bare <id> is its Groth16 verifier).
  proposal --dir <dir> --registry <address> --verifier <id>/<backend>=<address>... --artifact-base-uri <uri>
           [--retire <id>...]
      Write <dir>/proposal.json for a finalized ceremony whose verifiers are deployed.
  verify-dev
      Regenerate the reproducible dev Powers of Tau, zkey-verify every committed dev Groth16 key and re-derive every
      dev PLONK key, which must be the manifest's byte for byte.`;

const log = (msg: string) => console.log(`[ceremony] ${msg}`);

function proposalArgs(args: ReturnType<typeof parseArgs>) {
  return {
    registry: required(args, "registry", "the ModelRegistry proxy address") as Address,
    verifiers: parseVerifierAddresses(all(args, "verifier")),
    artifactBaseURI: required(args, "artifact-base-uri", "the deployment's artifactBaseURI"),
    retire: all(args, "retire").map((v) => {
      if (!/^\d+$/.test(v)) throw new CeremonyError(`--retire ${v}: a registry circuit id (a number).`);
      return Number(v);
    }),
  };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ["allow-unknown-ptau", "help"]);
  const dir = () => resolve(required(args, "dir", "the ceremony directory"));
  switch (command) {
    case "init":
      await initCeremony({
        dir: dir(),
        ptau: required(args, "ptau", "the published Powers of Tau file"),
        allowUnknownPtau: args.flags.has("allow-unknown-ptau"),
        circuits: all(args, "circuit"),
        manifest: loadManifest(),
        root: REPO_ROOT,
        log,
      });
      return;
    case "contribute":
      await contribute({
        dir: dir(),
        name: required(args, "name", "your public participant name"),
        ...(optional(args, "entropy") === undefined ? {} : { entropy: optional(args, "entropy") }),
        account: loadParticipantKey(required(args, "key", "your signing key: a key file or env:<VARIABLE>")),
        log,
      });
      return;
    case "beacon":
      await applyBeacon({
        dir: dir(),
        source: required(args, "source", "block:<number>@<chain> or drand:<round>"),
        value: required(args, "value", "the source's published value, hex"),
        iterationsExp: Number(required(args, "iterations", "the hash iterations exponent (10 to 63)")),
        announcement: required(args, "announcement", "where the source was announced before the value existed"),
        log,
      });
      return;
    case "verify": {
      const ptau = required(args, "ptau", "the ceremony's Powers of Tau file");
      const published = optional(args, "published");
      if (published !== undefined) {
        await verifyPublished({ published, ptau, root: REPO_ROOT, log });
        return;
      }
      await verifyCeremony({ dir: dir(), ptau, root: REPO_ROOT, log });
      return;
    }
    case "finalize":
      await finalizeCeremony({
        dir: dir(),
        ptau: required(args, "ptau", "the ceremony's Powers of Tau file"),
        root: REPO_ROOT,
        out: resolve(optional(args, "out") ?? REPO_ROOT),
        log,
        ...(args.values.has("registry") ? { proposal: proposalArgs(args) } : {}),
      });
      return;
    case "proposal": {
      const d = dir();
      const transcript = readTranscript(d);
      if (!transcript.final) throw new CeremonyError("finalize the ceremony first.");
      const proposal = registrationProposal({
        manifest: loadManifest(),
        keys: ceremonyKeys(transcript),
        transcriptSha256: transcriptHash(transcript),
        ...proposalArgs(args),
      });
      const { writeFileSync } = await import("node:fs");
      writeFileSync(resolve(d, "proposal.json"), `${JSON.stringify(proposal, null, 2)}\n`);
      log(`governance proposal: ${resolve(d, "proposal.json")} (${proposal.calldatas.length} call(s))`);
      return;
    }
    case "verify-dev":
      await verifyDev({ manifest: loadManifest(), root: REPO_ROOT, log });
      return;
    default:
      console.log(USAGE);
      if (command !== undefined && command !== "help" && !args.flags.has("help")) {
        throw new CeremonyError(`unknown command "${command}".`);
      }
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof BaseError) console.error(`[ceremony] ${error.name}: ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
