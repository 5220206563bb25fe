import { resolve } from "node:path";
import { zKey } from "snarkjs";
import { normalizeBeaconValue, parseBeaconSource, recomputeInstructions } from "./beaconSource.ts";
import { headZkey } from "./chainFiles.ts";
import { CeremonyError, PLONK_ONLY } from "./errors.ts";
import { blake2bFile } from "./hash.ts";
import { zkeyFile } from "./init.ts";
import { type CircuitStep, readTranscript, type Transcript, writeTranscript } from "./transcript.ts";
import { zkeyContributionHashes } from "./zkeyContributions.ts";

export type BeaconOptions = {
  dir: string;
  source: string;
  value: string;
  /** snarkjs's numIterationsExp: the value is hashed 2^iterationsExp times (10 to 63). */
  iterationsExp: number;
  /** Where and when the source was announced, before the value existed (a URL, a post, a governance proposal). */
  announcement: string;
  log: (msg: string) => void;
  now?: () => Date;
};

/**
 * Closes the contributions with the public beacon: a value nobody could know when the last participant
 * contributed, so that no participant could steer the final key. Applied to every circuit with snarkjs's beacon.
 */
export async function applyBeacon(o: BeaconOptions): Promise<Transcript> {
  const source = parseBeaconSource(o.source);
  const value = normalizeBeaconValue(o.value);
  if (!Number.isInteger(o.iterationsExp) || o.iterationsExp < 10 || o.iterationsExp > 63) {
    throw new CeremonyError(`--iterations ${o.iterationsExp}: snarkjs takes an exponent from 10 to 63.`);
  }
  if (o.announcement.trim() === "") {
    throw new CeremonyError("--announcement: say where the beacon source was announced before the value existed.");
  }
  const dir = resolve(o.dir);
  const transcript = readTranscript(dir);
  if (transcript.circuits.length === 0) throw new CeremonyError(PLONK_ONLY);
  if (transcript.beacon) throw new CeremonyError("the beacon was already applied; run verify and finalize.");
  if (transcript.contributions.length === 0) {
    throw new CeremonyError("no participant has contributed yet; a beacon alone is a setup anyone can recompute.");
  }
  const index = transcript.contributions.length + 1;
  const steps: CircuitStep[] = [];
  for (const circuit of transcript.circuits) {
    const head = headZkey(dir, transcript, circuit.id);
    const file = zkeyFile(circuit.id, index, "beacon");
    o.log(`${circuit.id}: beacon ${o.source}, 2^${o.iterationsExp} iterations`);
    if (!(await zKey.beacon(head.path, resolve(dir, file), `beacon ${o.source}`, value, o.iterationsExp))) {
      throw new CeremonyError(`snarkjs refused the beacon on ${circuit.id}; check --value and --iterations.`);
    }
    steps.push({
      circuit: circuit.id,
      previousZkey: head.blake2b,
      zkey: { file, blake2b: blake2bFile(resolve(dir, file)) },
      contributionHash: (await zkeyContributionHashes(resolve(dir, file))).at(-1) ?? "",
    });
  }
  transcript.beacon = {
    source: o.source,
    value,
    iterationsExp: o.iterationsExp,
    announcement: o.announcement,
    recompute: recomputeInstructions(source),
    time: (o.now ?? (() => new Date()))().toISOString(),
    steps,
  };
  writeTranscript(dir, transcript);
  return transcript;
}
