import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeploymentError, parseDeployment } from "@symbiote/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardGatewayError, sourceFromEnv } from "../../explorer/vite.config.ts";
import { createExplorerHandler } from "../../oracle/src/explorer/explorerHandler.ts";
import { MAX_BATCH, relayRpc } from "../../oracle/src/explorer/rpcProxy.ts";

const DEPLOYMENT = {
  chainId: 31337,
  blockNumber: 4,
  contracts: {
    coordinator: "0x3Aa5ebB10DC797CAC828524e59A333d0A371443c",
    modelRegistry: "0xa51c1fc2f0d1a1b8494ed1fe312d7c3a78ed91c0",
    stakingVault: "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6",
    token: "0x0165878A594ca255338adfa4d48449f69242Eb8F",
    dataRegistry: "0x9A676e781A523b5d0C0e43731313A708CB607508",
    dataRewards: "0x959922bE3CAee4b8Cd9a407cc3ac1C251C2007B1",
    governor: "0x610178dA211FEF7D417bC0e6FeD39F05609AD788",
  },
};

let dir: string;
let server: Server;
let base: string;
/** Every JSON-RPC body the stand-in upstream received. */
const upstreamBodies: unknown[] = [];
let upstream: Server;
let upstreamUrl: string;

async function listen(s: Server): Promise<string> {
  await new Promise<void>((ok) => s.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-explorer-server-"));
  mkdirSync(join(dir, "dist", "assets"), { recursive: true });
  writeFileSync(join(dir, "dist", "index.html"), "<!doctype html><title>explorer</title>");
  writeFileSync(join(dir, "dist", "assets", "index-abc.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "not to be served");
  writeFileSync(join(dir, "deployment.json"), JSON.stringify(DEPLOYMENT));
  // a JSON-RPC endpoint that answers eth_chainId, so the relay's forwarding is observable
  upstream = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const parsed = JSON.parse(body) as { id: number } | { id: number }[];
      upstreamBodies.push(parsed);
      const answer = (call: { id: number }) => ({ jsonrpc: "2.0", id: call.id, result: "0x7a69" });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
    });
  });
  upstreamUrl = await listen(upstream);
  const handle = createExplorerHandler({
    rpcUrl: upstreamUrl,
    deploymentFile: join(dir, "deployment.json"),
    basePath: "/explorer",
    dist: join(dir, "dist"),
  });
  server = createServer((req, res) => {
    void handle(req, res).then((answered) => {
      if (!answered) {
        res.writeHead(404);
        res.end("not the explorer's");
      }
    });
  });
  base = `${await listen(server)}/explorer`;
});

afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  await new Promise((ok) => upstream?.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** GET with the path exactly as given. */
function rawGetStatus(path: string): Promise<number | undefined> {
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      done(res.statusCode);
    });
    req.on("error", fail);
    req.end();
  });
}

const post = (body: unknown) =>
  fetch(`${base}/rpc`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the explorer's server side", () => {
  it("serves the page, its assets and its configuration under the base path, and nothing outside dist", async () => {
    const redirect = await fetch(base, { redirect: "manual" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/explorer/");
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(await index.text()).toContain("<title>explorer</title>");
    const asset = await fetch(`${base}/assets/index-abc.js`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    // sent verbatim (fetch would normalise the dots away before they reach the server)
    for (const path of ["/explorer/../secret.txt", "/explorer/assets/../../secret.txt", "/explorer/..%2fsecret.txt"]) {
      expect(await rawGetStatus(path)).toBe(404);
    }
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
    const config = (await (await fetch(`${base}/explorer-config.json`)).json()) as Record<string, unknown>;
    expect(config.rpcUrl).toBe("rpc");
    expect(config.deployment).toEqual(DEPLOYMENT);
    // the upstream URL (and any key in it) never reaches the page
    expect(JSON.stringify(config)).not.toContain(upstreamUrl);
  });

  it("relays read calls, single and batched, to the configured node", async () => {
    const single = await post({ jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] });
    expect(await single.json()).toEqual({ jsonrpc: "2.0", id: 7, result: "0x7a69" });
    const batch = await post([
      { jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] },
      { jsonrpc: "2.0", id: 2, method: "eth_call", params: [{ to: "0x0" }, "latest"] },
    ]);
    expect(((await batch.json()) as unknown[]).length).toBe(2);
    expect(upstreamBodies.at(-1)).toHaveLength(2);
  });

  it("refuses anything that is not a read, a batch that is too large, and a body that is not JSON", async () => {
    const before = upstreamBodies.length;
    const send = (await (
      await post({ jsonrpc: "2.0", id: 3, method: "eth_sendRawTransaction", params: ["0x"] })
    ).json()) as {
      error: { code: number; message: string };
    };
    expect(send.error.code).toBe(-32601);
    expect(send.error.message).toContain("eth_sendRawTransaction is not relayed");
    const mixed = await post([
      { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
      { jsonrpc: "2.0", id: 2, method: "anvil_setBalance", params: [] },
    ]);
    expect(JSON.stringify(await mixed.json())).toContain("anvil_setBalance is not relayed");
    const big = await post(
      Array.from({ length: MAX_BATCH + 1 }, (_, id) => ({ jsonrpc: "2.0", id, method: "eth_chainId" })),
    );
    expect(big.status).toBe(400);
    const garbage = await fetch(`${base}/rpc`, { method: "POST", body: "{not json" });
    expect(garbage.status).toBe(400);
    expect((await fetch(`${base}/rpc`)).status).toBe(405);
    // none of these reached the node
    expect(upstreamBodies.length).toBe(before);
  });

  it("answers 502 with a JSON-RPC error when the node is down, and 503 when the deployment file is missing", async () => {
    const down = await relayRpc(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }), "http://127.0.0.1:1");
    expect(down.status).toBe(502);
    expect(down.body).toContain("did not answer");
    expect(down.body).not.toContain("127.0.0.1:1");
    const handle = createExplorerHandler({ rpcUrl: upstreamUrl, deploymentFile: join(dir, "nope.json") });
    const missing = createServer((req, res) => void handle(req, res));
    const url = await listen(missing);
    const answer = await fetch(`${url}/explorer-config.json`);
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: string }).error).toContain("npm run deploy:local");
    await new Promise((ok) => missing.close(ok));
  });
});

describe("card gateways from the environment", () => {
  it("keeps the templates in order, the IPFS gateway last, and refuses a template that names no card", () => {
    const source = sourceFromEnv({
      DEPLOYMENT_FILE: "deployments/31337.json",
      EXPLORER_CARD_GATEWAYS: " http://node:9464/cards/{hash}  https://gw.example/{cid} ",
      EXPLORER_IPFS_GATEWAY: "https://ipfs.io/ipfs",
    });
    expect(source.cardGateways).toEqual([
      "http://node:9464/cards/{hash}",
      "https://gw.example/{cid}",
      "https://ipfs.io/ipfs/{cid}",
    ]);
    expect(() => sourceFromEnv({ EXPLORER_CARD_GATEWAYS: "http://node:9464/cards/" })).toThrow(CardGatewayError);
    expect(() => sourceFromEnv({ EXPLORER_CARD_GATEWAYS: "http://node:9464/cards/" })).toThrow(/put \{hash\}/);
  });
});

describe("parseDeployment (shared by the node and the browser)", () => {
  it("reads the deploy script's file: contracts by name, checksummed, and the start block", () => {
    const deployment = parseDeployment(DEPLOYMENT, 31337, "deployments/31337.json");
    expect(deployment.registry).toBe("0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0");
    expect(deployment.coordinator).toBe(DEPLOYMENT.contracts.coordinator);
    expect(deployment.startBlock).toBe(4n);
  });

  it("refuses another chain's file and a file missing a contract, naming what to do", () => {
    expect(() => parseDeployment(DEPLOYMENT, 1, "deployments/31337.json")).toThrow(
      /deployment on chain 31337 but the config says chainId 1/,
    );
    const { dataRewards: _, ...rest } = DEPLOYMENT.contracts;
    expect(() => parseDeployment({ ...DEPLOYMENT, contracts: rest }, 31337, "x.json")).toThrow(DeploymentError);
    expect(() => parseDeployment({ ...DEPLOYMENT, contracts: rest }, 31337, "x.json")).toThrow(
      /x.json has no address for DataRewards/,
    );
  });
});
