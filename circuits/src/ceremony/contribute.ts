import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { zKey } from "snarkjs";
import type { Hex, LocalAccount } from "viem";
import { ceremonyId, signAttestation } from "./attestation.ts";
import { headZkey } from "./chainFiles.ts";
import { CeremonyError, PLONK_ONLY } from "./errors.ts";
import { blake2bFile } from "./hash.ts";
import { zkeyFile } from "./init.ts";
import { type CircuitStep, readTranscript, type Transcript, writeTranscript } from "./transcript.ts";
import { zkeyContributionHashes } from "./zkeyContributions.ts";

export type ContributeOptions = {
  dir: string;
  /** The participant's public name (at most 64 characters: snarkjs keeps that many in the zkey). */
  name: string;
  /** Optional extra entropy typed by the participant, mixed with the OS's. */
  entropy?: string;
  account: LocalAccount;
  log: (msg: string) => void;
  now?: () => Date;
};

/**
 * One participant's contribution to every circuit of the ceremony: a fresh secret per circuit from the OS (64
 * bytes of crypto.randomBytes, plus the participant's text if given; snarkjs mixes in its own), the next zkeys, and
 * an EIP-712 attestation signed by the participant's key. The secrets live in this call's memory only.
 */
export async function contribute(o: ContributeOptions): Promise<Transcript> {
  if (!/^[\x20-\x7e]{1,64}$/.test(o.name)) {
    throw new CeremonyError(`--name "${o.name}": use 1 to 64 printable ASCII characters.`);
  }
  const dir = resolve(o.dir);
  const transcript = readTranscript(dir);
  if (transcript.circuits.length === 0) throw new CeremonyError(PLONK_ONLY);
  if (transcript.beacon || transcript.final) {
    throw new CeremonyError("this ceremony is closed: the beacon was applied; contributions come before it.");
  }
  const index = transcript.contributions.length + 1;
  const steps: CircuitStep[] = [];
  for (const circuit of transcript.circuits) {
    const head = headZkey(dir, transcript, circuit.id);
    const file = zkeyFile(circuit.id, index, o.name);
    o.log(`${circuit.id}: contribution #${index} by ${o.name}`);
    await zKey.contribute(head.path, resolve(dir, file), o.name, randomBytes(64).toString("hex") + (o.entropy ?? ""));
    steps.push({
      circuit: circuit.id,
      previousZkey: head.blake2b,
      zkey: { file, blake2b: blake2bFile(resolve(dir, file)) },
      contributionHash: (await zkeyContributionHashes(resolve(dir, file))).at(-1) ?? "",
    });
  }
  const time = (o.now ?? (() => new Date()))().toISOString();
  const fields = { index, participant: o.name, contributor: o.account.address, time, steps };
  const signature: Hex = await signAttestation(o.account, ceremonyId(transcript), fields);
  transcript.contributions.push({ index, participant: o.name, address: o.account.address, time, steps, signature });
  writeTranscript(dir, transcript);
  for (const s of steps) o.log(`${s.circuit}: contribution hash ${s.contributionHash}`);
  return transcript;
}
