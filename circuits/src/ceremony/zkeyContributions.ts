import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { curves } from "snarkjs";
import { CeremonyError } from "./errors.ts";
import type { ZkeyContribution } from "./snarkjsLog.ts";

type Point = unknown;
type Group = {
  F: { n8: number };
  fromRprLEM(buff: Uint8Array, offset: number): Point;
  toRprUncompressed(buff: Uint8Array, offset: number, p: Point): void;
};
type Curve = { G1: Group; G2: Group };

/** The MPC section of a Groth16 zkey (snarkjs binary format, section 10). */
const MPC_SECTION = 10;

function mpcSection(bytes: Buffer, path: string): Buffer {
  if (bytes.toString("ascii", 0, 4) !== "zkey") throw new CeremonyError(`${path} is not a zkey file.`);
  const count = bytes.readUInt32LE(8);
  let offset = 12;
  for (let i = 0; i < count; i++) {
    const type = bytes.readUInt32LE(offset);
    const size = Number(bytes.readBigUInt64LE(offset + 4));
    if (type === MPC_SECTION) return bytes.subarray(offset + 12, offset + 12 + size);
    offset += 12 + size;
  }
  throw new CeremonyError(`${path} has no MPC section: it is not a Groth16 phase-2 zkey.`);
}

/**
 * The contribution hashes of a zkey, in order, computed as `snarkjs zkey verify` prints them: blake2b-512 over the
 * contribution's public key (deltaAfter, the proof-of-knowledge points, uncompressed) and its transcript hash.
 * (snarkjs's contribute returns a hash over a non-normalised deltaAfter that no verifier can reproduce, so the
 * ceremony records this one, which anyone recomputes from the published zkey.)
 */
export async function zkeyContributions(path: string): Promise<ZkeyContribution[]> {
  const curve = (await curves.getCurveFromName("bn128")) as unknown as Curve;
  const section = mpcSection(readFileSync(path), path);
  const g1 = curve.G1.F.n8 * 2;
  const g2 = curve.G2.F.n8 * 2;
  let pos = 64; // the circuit hash
  const n = section.readUInt32LE(pos);
  pos += 4;
  const out: ZkeyContribution[] = [];
  const point = (group: Group, size: number) => {
    const p = group.fromRprLEM(section, pos);
    pos += size;
    const out = new Uint8Array(size);
    group.toRprUncompressed(out, 0, p);
    return out;
  };
  for (let i = 0; i < n; i++) {
    const hasher = createHash("blake2b512");
    hasher.update(point(curve.G1, g1)); // deltaAfter
    hasher.update(point(curve.G1, g1)); // delta.g1_s
    hasher.update(point(curve.G1, g1)); // delta.g1_sx
    hasher.update(point(curve.G2, g2)); // delta.g2_spx
    hasher.update(section.subarray(pos, pos + 64)); // transcript
    pos += 64 + 4; // transcript, type
    const paramLength = section.readUInt32LE(pos);
    pos += 4;
    const params = section.subarray(pos, pos + paramLength);
    pos += paramLength;
    out.push({ hash: hasher.digest("hex"), ...readParams(params) });
  }
  return out;
}

/** A contribution's parameters: 1 name, 2 beacon iterations exponent, 3 beacon value (type, [length], bytes). */
function readParams(params: Buffer): Omit<ZkeyContribution, "hash"> {
  let name = "";
  let iterationsExp: number | undefined;
  let value: string | undefined;
  let p = 0;
  while (p < params.length) {
    const type = params[p++];
    if (type === 2) {
      iterationsExp = params[p++];
      continue;
    }
    const length = params[p++] ?? 0;
    const bytes = params.subarray(p, p + length);
    p += length;
    if (type === 1) name = bytes.toString("utf8");
    else if (type === 3) value = bytes.toString("hex");
  }
  return {
    name,
    ...(value !== undefined && iterationsExp !== undefined ? { beacon: { value, iterationsExp } } : {}),
  };
}

/** The hashes alone, in order. */
export async function zkeyContributionHashes(path: string): Promise<string[]> {
  return (await zkeyContributions(path)).map((c) => c.hash);
}
