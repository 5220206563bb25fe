/**
 * How a model version's registry entry commits to its model card: the card's SHA-256, carried in the version's
 * metadata URI (the registry stores the URI, append-only, so the commitment is as permanent as the version). Two forms
 * name the digest:
 *
 * - `ipfs://<CIDv1>`: a raw-codec, SHA-256 CID (`bafkrei…`), what `ipfs add --cid-version 1` gives a card file (it
 *   fits in one block): the CID is the digest with a four-byte prefix;
 * - `<any URI>#sha256=<64 hex digits>`: the fragment is never sent to a server, so the URI still fetches the card.
 *
 * Anyone holding the bytes can serve them by digest (an operator node's `/cards/<sha256>`, any gateway); a reader
 * hashes what it got and uses it only when the digest matches. Browser-safe: no Node.js module.
 */
import { bytesToHex, sha256 } from "viem";

/** A SHA-256 digest: 64 lower-case hex digits, no 0x (as the model store names its blobs). */
export type CardHash = string;

const HEX64 = /^[0-9a-f]{64}$/;
const FRAGMENT = /#sha256=([0-9a-fA-F]{64})$/;
/** CIDv1 (0x01), raw codec (0x55), multihash sha2-256 (0x12) of 32 bytes (0x20). */
const CID_PREFIX = [0x01, 0x55, 0x12, 0x20] as const;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** The card digest of some bytes. */
export function cardHashOf(bytes: Uint8Array): CardHash {
  return bytesToHex(sha256(bytes, "bytes")).slice(2);
}

export function isCardHash(value: string): value is CardHash {
  return HEX64.test(value);
}

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Uint8Array | undefined {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
      buffer &= (1 << bits) - 1;
    }
  }
  return Uint8Array.from(out);
}

/** The CIDv1 (raw codec, SHA-256, base32 multibase) of a card with this digest: `bafkrei…`. */
export function cardCid(hash: CardHash): string {
  const digest = Uint8Array.from(hash.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  return `b${base32(Uint8Array.from([...CID_PREFIX, ...digest]))}`;
}

/** The digest inside a raw SHA-256 CIDv1, or undefined for any other CID (dag-pb files hash their own encoding). */
export function hashOfCid(cid: string): CardHash | undefined {
  if (!cid.startsWith("b")) return undefined;
  const bytes = fromBase32(cid.slice(1));
  if (bytes?.length !== 36 || CID_PREFIX.some((byte, i) => bytes[i] !== byte)) return undefined;
  return bytesToHex(bytes.slice(4)).slice(2);
}

/**
 * The card digest a version's metadata URI commits to, or undefined when it names none (an `ipfs://` path or a
 * dag-pb CID, a plain https URL): such a card cannot be checked, so readers do not show it.
 */
export function cardHashOfUri(uri: string): CardHash | undefined {
  const fragment = FRAGMENT.exec(uri);
  if (fragment) return (fragment[1] as string).toLowerCase();
  const ipfs = /^ipfs:\/\/([a-z2-7]+)$/.exec(uri);
  return ipfs ? hashOfCid(ipfs[1] as string) : undefined;
}

/** `ipfs://<CIDv1>` of a card: what the trainer registers when no other URI is given. */
export function ipfsCardUri(hash: CardHash): string {
  return `ipfs://${cardCid(hash)}`;
}

/** A URI made to commit to `hash`: `uri#sha256=<hash>`. */
export function withCardHash(uri: string, hash: CardHash): string {
  return `${uri}#sha256=${hash}`;
}

/**
 * The URL a gateway template gives for a card: `{hash}` becomes the 64-hex digest, `{cid}` the CIDv1, e.g.
 * `http://operator:9464/cards/{hash}` or `https://ipfs.io/ipfs/{cid}`. Relative templates resolve against `base`.
 */
export function cardUrl(template: string, hash: CardHash, base?: string): string {
  const filled = template.replaceAll("{hash}", hash).replaceAll("{cid}", cardCid(hash));
  return base === undefined ? filled : new URL(filled, base).toString();
}

/** Whether a gateway template names the card at all (else every card would be fetched from one URL). */
export function isCardTemplate(template: string): boolean {
  return template.includes("{hash}") || template.includes("{cid}");
}
