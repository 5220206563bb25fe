import { CeremonyError } from "./errors.ts";

/** A public random value fixed before anyone could know it: a future block's hash or a drand round. */
export type BeaconSource = { kind: "block"; block: number; chain: string } | { kind: "drand"; round: number };

/** Parses `block:<number>@<chain>` (chain: a name or id, e.g. mainnet, sepolia, 1) or `drand:<round>`. */
export function parseBeaconSource(spec: string): BeaconSource {
  const block = /^block:(\d+)@([A-Za-z0-9_-]+)$/.exec(spec);
  if (block) return { kind: "block", block: Number(block[1]), chain: block[2] ?? "" };
  const drand = /^drand:(\d+)$/.exec(spec);
  if (drand) return { kind: "drand", round: Number(drand[1]) };
  throw new CeremonyError(
    `--source ${spec}: use block:<number>@<chain> (a block announced before it was mined) or drand:<round> ` +
      "(a League of Entropy round announced before it was produced).",
  );
}

/** How anyone fetches the value of `source` and checks it is the one applied. */
export function recomputeInstructions(source: BeaconSource): string {
  if (source.kind === "block") {
    return (
      `the hash of block ${source.block} on ${source.chain}: \`cast block ${source.block} --field hash ` +
      `--rpc-url <any ${source.chain} RPC>\`, without its 0x`
    );
  }
  return (
    `the randomness of drand round ${source.round} (League of Entropy default chain): ` +
    `\`curl https://api.drand.sh/public/${source.round}\`, field "randomness"`
  );
}

/** The value as snarkjs's beacon takes it: lowercase hex without 0x, 32 bytes for both sources. */
export function normalizeBeaconValue(value: string): string {
  const hex = value.toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new CeremonyError(`--value ${value}: a block hash or drand randomness is 32 bytes of hex (64 digits).`);
  }
  return hex;
}
