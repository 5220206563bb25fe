import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ArtifactHashMismatchError } from "@symbiote/circuits";
import { type CardHash, cardHashOf, isCardHash, parseModelCard } from "@symbiote/sdk";

/**
 * The model cards an operator holds, content-addressed: `<model store>/cards/<sha256>.json`. The node serves them by
 * digest (`GET /cards/<sha256>` on its metrics port), so an explorer can show a version's card without trusting the
 * place it came from: it hashes the bytes against the registry's commitment (cards/cardAddress.ts). Every read
 * re-hashes, so a file altered on disk is refused rather than served.
 */
export class CardStore {
  readonly dir: string;

  /** `modelStoreDir`: the model store's folder (modelStore.dir); cards go in its `cards/` subfolder. */
  constructor(modelStoreDir: string) {
    this.dir = join(modelStoreDir, "cards");
  }

  private pathOf(hash: CardHash): string {
    return join(this.dir, `${hash}.json`);
  }

  has(hash: CardHash): boolean {
    return isCardHash(hash) && existsSync(this.pathOf(hash));
  }

  /**
   * Stores a card's bytes as they are (a re-serialisation would change the digest) and returns their digest.
   *
   * @throws {ModelCardFormatError} the bytes are not a model card.
   */
  put(bytes: Uint8Array): CardHash {
    parseModelCard(bytes);
    const hash = cardHashOf(bytes);
    mkdirSync(this.dir, { recursive: true });
    const target = this.pathOf(hash);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
    return hash;
  }

  /**
   * The stored bytes of the card with this digest, re-hashed; undefined when the store does not hold it.
   *
   * @throws {ArtifactHashMismatchError} the file no longer hashes to its name (altered on disk).
   */
  read(hash: CardHash): Uint8Array | undefined {
    if (!this.has(hash)) return undefined;
    const path = this.pathOf(hash);
    const bytes = readFileSync(path);
    const actual = cardHashOf(bytes);
    if (actual !== hash) {
      throw new ArtifactHashMismatchError(
        `stored model card ${path} was altered (its content no longer hashes to its name); delete it and import the card again with \`symbiote-oracle models sync --from <folder>\`.`,
        { details: `sha256 ${actual}` },
      );
    }
    return bytes;
  }
}
