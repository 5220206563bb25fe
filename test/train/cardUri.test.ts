import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cardHashOfUri, FatalError, hashOfCid } from "@symbiote/sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cardUriFor } from "../../trainer/src/train/artifact.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-card-uri-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the metadata URI publish registers by default", () => {
  it("is the ipfs:// CIDv1 of the card written next to the artifact, committing to its exact bytes", async () => {
    const card = `${JSON.stringify({ name: "credit", features: ["income", "debt"] }, null, 2)}\n`;
    writeFileSync(join(dir, "credit-v1.card.json"), card);
    const uri = await cardUriFor(join(dir, "credit-v1.json"));
    const sha256 = createHash("sha256").update(card).digest("hex");
    expect(uri).toMatch(/^ipfs:\/\/b[a-z2-7]+$/);
    expect(cardHashOfUri(uri)).toBe(sha256);
    expect(hashOfCid(uri.slice("ipfs://".length))).toBe(sha256);
    // one byte more is another address
    writeFileSync(join(dir, "credit-v1.card.json"), `${card} `);
    expect(await cardUriFor(join(dir, "credit-v1.json"))).not.toBe(uri);
  });

  it("names the missing card and what to do", async () => {
    const missing = cardUriFor(join(dir, "credit-v2.json"));
    await expect(missing).rejects.toBeInstanceOf(FatalError);
    await expect(missing).rejects.toThrow(`${join(dir, "credit-v2.card.json")}: the model card`);
    await expect(missing).rejects.toThrow("pass --metadata-uri");
  });
});
