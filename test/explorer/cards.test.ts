/**
 * Model cards by content hash: the digest a metadata URI commits to (ipfs:// CIDv1 or #sha256=), the card format,
 * the deploy's sample cards, an operator node's card store and `/cards/<sha256>` route, and the explorer's fetch,
 * which keeps a copy only when its bytes hash to the commitment — over real HTTP servers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { demoCard } from "@symbiote/devnet";
import {
  cardCid,
  cardHashOf,
  cardHashOfUri,
  cardUrl,
  ipfsCardUri,
  ModelCardFormatError,
  parseModelCard,
  withCardHash,
} from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { ArtifactHashMismatchError } from "../../circuits/src/models/modelStore.ts";
import { fetchModelCard } from "../../explorer/src/chain/modelCard.ts";
import { createCardRoutes } from "../../oracle/src/models/cardRoutes.ts";
import { CardStore } from "../../oracle/src/models/cardStore.ts";
import { importCards } from "../../oracle/src/models/importCards.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const DEMO_MODELS = JSON.parse(readFileSync(resolve(REPO_ROOT, "script/config/demo-models.json"), "utf8")) as {
  models: { name: string; metadataURI: string; card: string; weightsCommitment: string }[];
};

describe("card addresses", () => {
  it("a raw CIDv1 is the sha256 of the bytes, as `ipfs add --cid-version 1` names a small file", () => {
    const hash = cardHashOf(utf8("hello\n"));
    expect(hash).toBe("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    // the CID IPFS gives "hello\n" added with --cid-version 1
    expect(cardCid(hash)).toBe("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am");
    expect(cardHashOfUri(ipfsCardUri(hash))).toBe(hash);
  });

  it("reads the digest from a #sha256= fragment, and from nothing else", () => {
    const hash = cardHashOf(utf8("card"));
    expect(cardHashOfUri(withCardHash("https://models.example/credit.card.json", hash))).toBe(hash);
    expect(cardHashOfUri(`https://x/c.json#sha256=${hash.toUpperCase()}`)).toBe(hash);
    expect(cardHashOfUri("https://models.example/credit.card.json")).toBeUndefined();
    // a directory path, and a dag-pb CIDv0 whose digest covers its own encoding, not the file
    expect(cardHashOfUri(`${ipfsCardUri(hash)}/card.json`)).toBeUndefined();
    expect(cardHashOfUri("ipfs://QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o")).toBeUndefined();
    expect(cardHashOfUri("ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")).toBeUndefined();
  });

  it("fills gateway templates with the digest or the CID, relative to the page", () => {
    const hash = cardHashOf(utf8("card"));
    expect(cardUrl("http://op:9464/cards/{hash}", hash)).toBe(`http://op:9464/cards/${hash}`);
    expect(cardUrl("https://ipfs.io/ipfs/{cid}", hash)).toBe(`https://ipfs.io/ipfs/${cardCid(hash)}`);
    expect(cardUrl("../cards/{hash}", hash, "http://op:9464/explorer/")).toBe(`http://op:9464/cards/${hash}`);
  });
});

describe("card format", () => {
  it("refuses what is not a model card, saying what to publish", () => {
    expect(() => parseModelCard(utf8("{"))).toThrow(ModelCardFormatError);
    expect(() => parseModelCard(utf8('{"schema":"symbiote.model-card/0","name":"x"}'))).toThrow(
      /schema is "symbiote\.model-card\/0", not symbiote\.model-card\/1/,
    );
    const card = JSON.parse(
      readFileSync(resolve(REPO_ROOT, "script/config", DEMO_MODELS.models[0]?.card ?? ""), "utf8"),
    );
    expect(() => parseModelCard(utf8(JSON.stringify({ ...card, features: [1, 2] })))).toThrow(/features are not/);
    expect(() => parseModelCard(utf8(JSON.stringify({ ...card, family: "forest" })))).toThrow(/family "forest"/);
  });

  it("takes the compiled families, and published trees only as symbiote-trees/1 parameters of a tree ensemble", () => {
    const card = JSON.parse(
      readFileSync(resolve(REPO_ROOT, "script/config", DEMO_MODELS.models[0]?.card ?? ""), "utf8"),
    );
    const trees = { format: "symbiote-trees/1", trees: [] };
    expect(parseModelCard(utf8(JSON.stringify({ ...card, family: "dense" }))).family).toBe("dense");
    expect(parseModelCard(utf8(JSON.stringify({ ...card, family: "trees", trees }))).trees).toEqual(trees);
    const refusal = /trees are not symbiote-trees\/1 parameters of a tree ensemble/;
    expect(() => parseModelCard(utf8(JSON.stringify({ ...card, family: "classifier", trees })))).toThrow(refusal);
    expect(() =>
      parseModelCard(utf8(JSON.stringify({ ...card, family: "trees", trees: { ...trees, format: "other" } }))),
    ).toThrow(refusal);
  });

  it("every demo model's registered URI commits to its card file, which names its 16 inputs and weights", () => {
    expect(DEMO_MODELS.models).toHaveLength(3);
    for (const model of DEMO_MODELS.models) {
      const bytes = demoCard(model.name);
      expect(cardHashOfUri(model.metadataURI), model.name).toBe(cardHashOf(bytes));
      const card = parseModelCard(bytes);
      expect(card.name).toBe(model.name);
      expect(card.features).toHaveLength(16);
      expect(BigInt(card.circuit.weightsCommitment)).toBe(BigInt(model.weightsCommitment));
    }
  });
});

describe("models sync --from: the trainer's cards into the store", () => {
  it("imports the cards a registered version commits to, and skips edited ones and what is not a card", () => {
    const from = mkdtempSync(join(tmpdir(), "symbiote-card-import-"));
    const storeDir = mkdtempSync(join(tmpdir(), "symbiote-card-store-"));
    try {
      const committed = demoCard("sample-classifier-committed");
      const edited = new TextDecoder().decode(demoCard("sample-classifier-public")).replace("16", "17");
      writeFileSync(join(from, "committed.card.json"), committed);
      writeFileSync(join(from, "public.card.json"), edited);
      writeFileSync(join(from, "notes.card.json"), "{}");
      const registered = new Set(DEMO_MODELS.models.map((m) => cardHashOfUri(m.metadataURI) as string));
      registered.add(cardHashOf(utf8("{}")));
      const store = new CardStore(storeDir);
      const result = importCards(from, registered, store);
      expect(result.imported).toEqual(["committed.card.json"]);
      expect(Object.fromEntries(result.skipped.map((s) => [s.file, s.reason]))).toEqual({
        "public.card.json": expect.stringContaining("no registered version commits to its sha256"),
        "notes.card.json": expect.stringContaining("not symbiote.model-card/1"),
      });
      expect(new Uint8Array(store.read(cardHashOf(committed)) as Uint8Array)).toEqual(new Uint8Array(committed));
    } finally {
      rmSync(from, { recursive: true, force: true });
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});

describe("an operator's cards over HTTP, and the explorer's check", () => {
  let dir: string;
  let node: Server;
  let nodeUrl: string;
  let gateway: Server;
  let gatewayUrl: string;
  let store: CardStore;
  const good = demoCard("sample-classifier-committed");
  const goodHash = cardHashOf(good);
  const other = demoCard("sample-classifier-public");
  const otherHash = cardHashOf(other);
  /** What the stand-alone gateway serves, by path. */
  const gatewayFiles = new Map<string, Uint8Array>();

  const listen = async (server: Server) => {
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "symbiote-cards-"));
    store = new CardStore(dir);
    expect(store.put(good)).toBe(goodHash);
    const routes = createCardRoutes(store);
    node = createServer((req, res) => {
      routes(req, res).then((answered) => {
        if (!answered) {
          res.writeHead(404);
          res.end();
        }
      });
    });
    nodeUrl = await listen(node);
    // a plain static gateway: whatever bytes it holds under a name, right or wrong
    gateway = createServer((req, res) => {
      const bytes = gatewayFiles.get(req.url ?? "");
      res.writeHead(bytes ? 200 : 404);
      res.end(bytes);
    });
    gatewayUrl = await listen(gateway);
  });

  afterAll(async () => {
    await new Promise((ok) => node.close(ok));
    await new Promise((ok) => gateway.close(ok));
    rmSync(dir, { recursive: true, force: true });
  });

  it("the node serves a held card's exact bytes by digest, to any origin; 404 and 400 otherwise", async () => {
    const response = await fetch(`${nodeUrl}/cards/${goodHash}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(good);
    expect((await fetch(`${nodeUrl}/cards/${otherHash}`)).status).toBe(404);
    expect((await fetch(`${nodeUrl}/cards/not-a-digest`)).status).toBe(400);
    expect((await fetch(`${nodeUrl}/cards/${goodHash}`, { method: "POST" })).status).toBe(405);
    expect(() => store.put(utf8('{"not":"a card"}'))).toThrow(ModelCardFormatError);
  });

  it("the explorer shows a card whose bytes hash to the commitment, naming where it read it", async () => {
    const view = await fetchModelCard(ipfsCardUri(goodHash), [`${nodeUrl}/cards/{hash}`], `${nodeUrl}/explorer/`);
    expect(view.state).toBe("verified");
    if (view.state !== "verified") return;
    expect(view.card.name).toBe("sample-classifier-committed");
    expect(view.card.features?.[0]).toBe("income_k");
    expect(view.source).toBe(`${nodeUrl}/cards/${goodHash}`);
  });

  it("refuses a gateway's copy that does not hash to the commitment, and takes a good copy after it", async () => {
    const tampered = utf8(new TextDecoder().decode(other).replace("sample-classifier-public", "trusted-credit-model"));
    gatewayFiles.set(`/${otherHash}`, tampered);
    const refused = await fetchModelCard(
      ipfsCardUri(otherHash),
      [`${nodeUrl}/cards/{hash}`, `${gatewayUrl}/{hash}`],
      nodeUrl,
    );
    expect(refused.state).toBe("refused");
    expect(refused.state === "refused" && refused.reason).toBe(
      `${gatewayUrl}/${otherHash} served bytes with sha256 ${cardHashOf(tampered)}, not the registered ${otherHash}`,
    );
    gatewayFiles.set(`/ipfs/${cardCid(otherHash)}`, other);
    const second = await fetchModelCard(
      withCardHash("https://unreachable.invalid/x.card.json", otherHash),
      [`${gatewayUrl}/{hash}`, `${gatewayUrl}/ipfs/{cid}`],
      nodeUrl,
    );
    expect(second.state === "verified" && second.card.name).toBe("sample-classifier-public");
  });

  it("says a card is unavailable when no source holds it or the URI commits to nothing", async () => {
    const missing = await fetchModelCard(ipfsCardUri(otherHash), [`${nodeUrl}/cards/{hash}`], nodeUrl);
    expect(missing).toMatchObject({ state: "unavailable", hash: otherHash });
    expect(missing.state === "unavailable" && missing.reason).toContain("answered 404");
    const uncommitted = await fetchModelCard("ipfs://symbiote-test/model.json", [`${nodeUrl}/cards/{hash}`], nodeUrl);
    expect(uncommitted.state === "unavailable" && uncommitted.reason).toContain("commits to no card digest");
    const noGateway = await fetchModelCard(ipfsCardUri(goodHash), [], nodeUrl);
    expect(noGateway.state === "unavailable" && noGateway.reason).toContain("--card-gateway");
  });

  it("a card altered on the node's disk is never served", async () => {
    writeFileSync(join(store.dir, `${goodHash}.json`), other);
    expect(() => store.read(goodHash)).toThrow(ArtifactHashMismatchError);
    const response = await fetch(`${nodeUrl}/cards/${goodHash}`);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("was altered");
  });
});
