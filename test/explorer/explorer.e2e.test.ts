/**
 * The decision explorer in a real headless browser (Debian's chromium driven by playwright-core) against a devnet
 * with real requests and real proofs (helpers/devnet.ts): the request list, a decision with its contribution chart
 * and verification, a failed callback, a model flagged through governance, the governance, operators and data pages,
 * and the error states (unknown request id, wrong chain id, chain unreachable). Model and feature names come from
 * model cards checked against the registry's commitment: model 1's from the operator node's store, model 2's only
 * from a gateway serving a tampered copy (refused), model 3's from nowhere. Served both by `npm run explorer`'s
 * server (Vite preview) and by the operator node (`explorer.enabled`, as `start --explorer`). Screenshots and page
 * load times go to test-results/explorer/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Anvil, demoCard, demoModel, startAnvil } from "@symbiote/devnet";
import { cardHashOf, coordinatorAbi, parseModelCard } from "@symbiote/sdk";
import { type Browser, chromium, type Page } from "playwright-core";
import { createPublicClient, http } from "viem";
import { foundry } from "viem/chains";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import { type ClassifierModel, inferClassifier } from "../../circuits/src/models/classifier.ts";
import { type RunningExplorer, serveExplorer } from "../../explorer/serve.ts";
import { explorerViteConfig } from "../../explorer/vite.config.ts";
import { CHROMIUM_ARGS, ensureChromium } from "./ensureChromium.ts";
import { type Devnet, FLAG_REASON, GRANTEE, HELD_CARD, startDevnet } from "./helpers/devnet.ts";

const ARTIFACTS = resolve(REPO_ROOT, "test-results/explorer");
/** How long a page may take to show its data before the test fails (a hang, not a performance bound). */
const SHOWN_WITHIN_MS = 20_000;

let devnet: Devnet | undefined;
let explorer: RunningExplorer | undefined;
let browser: Browser | undefined;
let otherChain: Anvil | undefined;
let dist: string;
/** A card gateway holding a tampered copy of model 2's card under its registered digest. */
let gateway: Server | undefined;
const heldCard = parseModelCard(demoCard(HELD_CARD));
const publicCard = demoCard("sample-classifier-public");
/** Page load samples, written to test-results/explorer/load-times.json: a measurement, not a pass/fail bound. */
const loadTimes: Record<string, { samples: number[]; medianMs: number }> = {};
const LOADS = 5;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens a URL in a fresh page and waits until `selector` is visible: the page has read the chain and shown it. */
async function open(url: string, selector: string): Promise<Page> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => console.error(`page error on ${url}: ${error.message}`));
  await page.goto(url);
  await page.locator(selector).first().waitFor({ state: "visible", timeout: SHOWN_WITHIN_MS });
  return page;
}

/** Milliseconds from navigation start to `selector` on screen, by the page's own clock, for `LOADS` fresh loads. */
async function loadTimesOf(url: string, selector: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await open(url, selector);
    times.push(Math.round(await page.evaluate(() => performance.now())));
    await page.close();
  }
  return times;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const executablePath = ensureChromium();
  dist = mkdtempSync(join(tmpdir(), "symbiote-explorer-dist-"));
  // the operator node serves this build; the Vite preview server below serves it too
  await build({
    ...explorerViteConfig({ rpcUrl: "http://unused", deploymentFile: "unused" }, { outDir: dist }),
    logLevel: "warn",
  });
  devnet = await startDevnet({ explorerDist: dist });
  // the same card with another name: its bytes no longer hash to what the registry commits to
  const tampered = new TextEncoder().encode(
    new TextDecoder()
      .decode(publicCard)
      .replace('"name": "sample-classifier-public"', '"name": "audited-credit-model"'),
  );
  gateway = createServer((req, res) => {
    const found = req.url === `/${cardHashOf(publicCard)}`;
    res.writeHead(found ? 200 : 404, { "access-control-allow-origin": "*" });
    res.end(found ? tampered : undefined);
  });
  await new Promise<void>((ok) => gateway?.listen(0, "127.0.0.1", ok));
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  explorer = await serveExplorer({
    source: {
      rpcUrl: devnet.anvil.url,
      deploymentFile: devnet.deploymentPath,
      // the operator node's own store first, then the gateway
      cardGateways: [`http://127.0.0.1:${devnet.node.metricsPort}/cards/{hash}`, `${gatewayUrl}/{hash}`],
    },
    outDir: dist,
    skipBuild: true,
    port: 0,
    quiet: true,
  });
  otherChain = await startAnvil(["--chain-id", "11155111"]);
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  // one untimed load, so the timings below are a visitor's, not the browser's or the server's first start
  await (await open(`${explorer.url}#/requests`, '[data-testid="request-row"]')).close();
  // the deploy alone can take minutes on a loaded two-core machine; each proof takes seconds
}, 900_000);

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, "load-times.json"), `${JSON.stringify(loadTimes, null, 2)}\n`);
  console.log(
    "explorer page load times on the local chain, median of 5 (ms):",
    Object.fromEntries(Object.entries(loadTimes).map(([page, { medianMs }]) => [page, medianMs])),
  );
  await browser?.close();
  await explorer?.close();
  if (gateway) await new Promise((ok) => gateway?.close(ok));
  await otherChain?.stop();
  await devnet?.stop();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

describe("decision explorer in a browser, on a devnet with real proofs", () => {
  it("lists every request with its status, live, and filters by model, requester and operator", async () => {
    const { requests, operator, requester } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/requests`, '[data-testid="request-row"]');
    await expect.poll(() => page.locator('[data-testid="request-row"]').count()).toBe(5);
    const statusOf = (id: bigint) =>
      page.locator(`[data-request-id="${id}"] [data-testid="status"]`).getAttribute("data-status");
    expect(await statusOf(requests.committed)).toBe("fulfilled");
    expect(await statusOf(requests.public)).toBe("fulfilled");
    expect(await statusOf(requests.callbackFailed)).toBe("callback-failed");
    expect(await statusOf(requests.expired)).toBe("expired");
    expect(await statusOf(requests.pending)).toBe("pending");
    // model names from checked cards: model 1's verified, model 2's copy refused, model 3's card held nowhere
    const modelOf = (id: bigint) => page.locator(`[data-request-id="${id}"] [data-testid="model-name"]`);
    expect(await modelOf(requests.committed).textContent()).toBe(HELD_CARD);
    expect(await modelOf(requests.committed).getAttribute("data-card-state")).toBe("verified");
    expect(await modelOf(requests.public).textContent()).toBe("model 2");
    expect(await modelOf(requests.public).getAttribute("data-card-state")).toBe("refused");
    expect(await modelOf(requests.pending).textContent()).toBe("model 3");
    expect(await modelOf(requests.pending).getAttribute("data-card-state")).toBe("unavailable");
    // the pending request's operator, as the coordinator's assignedOperator draws it
    const due = page.locator(`[data-request-id="${requests.pending}"] [data-testid="assigned-operator"]`);
    expect(await due.getAttribute("data-operator")).toBe(operator);
    expect(await due.textContent()).toContain("due");
    await shot(page, "requests");

    await page.locator('[data-testid="filter-model"]').selectOption("1");
    await expect.poll(() => page.locator('[data-testid="request-row"]').count()).toBe(1);
    expect(page.url()).toContain("model=1");
    await page.goto(`${explorer?.url}#/requests?operator=${operator}`);
    // three it proved, one it missed, one it is due to serve
    await expect.poll(() => page.locator('[data-testid="request-row"]').count()).toBe(5);
    await page.goto(`${explorer?.url}#/requests?requester=${requester}&status=fulfilled`);
    await expect.poll(() => page.locator('[data-testid="request-row"]').count()).toBe(2);
    await page.close();
  });

  it("opens a decision from the list: the contribution chart of the proven outputs and the verification", async () => {
    const { requests, features, deployment, anvil, operator } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/requests`, '[data-testid="request-row"]');
    await page.locator(`[data-request-id="${requests.committed}"] a`).first().click();
    const verification = page.locator('[data-testid="verification"]');
    await verification.waitFor({ timeout: SHOWN_WITHIN_MS });
    await page.locator('[data-testid="contribution-chart"] svg').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await verification.getAttribute("data-verified")).toBe("true");
    expect(await verification.textContent()).toContain("Proof verified on chain");
    expect(await page.locator('[data-testid="record-match"]').textContent()).toContain(
      "hashes to the coordinator's stored record",
    );

    // the transaction and block the explorer names are the chain's DecisionRecorded for this request
    const client = createPublicClient({ chain: foundry, transport: http(anvil.url) });
    const [recorded] = await client.getContractEvents({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      eventName: "DecisionRecorded",
      args: { requestId: requests.committed },
      fromBlock: deployment.startBlock,
      strict: true,
    });
    expect(await page.locator('[data-testid="verifying-tx"]').textContent()).toBe(recorded?.transactionHash);
    expect(await page.locator('[data-testid="verifying-block"]').textContent()).toContain(
      String(recorded?.blockNumber),
    );
    expect(recorded?.args.operator).toBe(operator);

    // each bar is the exact contribution w_i * x_i of the demo model on the owner's private features
    const expected = inferClassifier(demoModel("classifier16-committed").model as ClassifierModel, features);
    const bars = page.locator('[data-testid="contribution-chart"] g.bar');
    expect(await bars.count()).toBe(16);
    const drawn = new Map<string, number>();
    for (const bar of await bars.all()) {
      drawn.set((await bar.getAttribute("data-label")) as string, Number(await bar.getAttribute("data-value")));
    }
    // labelled with the verified card's feature names
    expect(heldCard.features).toHaveLength(16);
    expected.contributions.forEach((raw, i) => {
      expect(drawn.get(heldCard.features?.[i] as string)).toBe(Number(raw) / 2 ** 32);
    });
    expect(await page.locator('[data-testid="model-name"]').textContent()).toBe(HELD_CARD);
    expect(await page.locator('[data-testid="model-card"]').getAttribute("data-card-state")).toBe("verified");
    expect(await page.locator('[data-testid="card-verified"]').textContent()).toContain(
      cardHashOf(demoCard(HELD_CARD)),
    );
    for (const bar of await bars.all()) {
      const value = Number(await bar.getAttribute("data-value"));
      expect(await bar.getAttribute("class")).toContain(value < 0 ? "bar-negative" : "bar-positive");
    }
    expect(await page.locator('[data-testid="explanation-summary"]').textContent()).toContain(
      expected.decision ? "approve" : "deny",
    );
    const payment = await page.locator('[data-testid="payment"]').textContent();
    expect(payment).toContain("→ operator0.4 SYM");
    expect(payment).toContain("→ treasury0.05 SYM");
    await shot(page, "decision");
    await page.close();
  });

  it("shows a failed callback without undoing the verified decision", async () => {
    const { requests } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/request/${requests.callbackFailed}`, '[data-testid="verification"]');
    expect(await page.locator('[data-testid="verification"]').getAttribute("data-verified")).toBe("true");
    expect(await page.locator('[data-testid="callback"]').getAttribute("data-callback")).toBe("failed");
    expect(await page.locator('[data-testid="status"]').getAttribute("data-status")).toBe("callback-failed");
    // the requester paid 50,000 gas at the local 1 gwei-per-gas callback price, and the operator got all of it
    const payment = await page.locator('[data-testid="payment"]').textContent();
    expect(payment).toContain("callback fee0.00005 SYM (50,000 gas, to the operator)");
    expect(payment).toContain("→ operator0.4 SYM");
    expect(payment).toMatch(/assignmentround [1-9]\d*/);
    await shot(page, "decision-callback-failed");
    await page.close();
  });

  it("shows an expired request refunded whole and its drawn operator slashed to the treasury", async () => {
    const { requests, operator } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/request/${requests.expired}`, '[data-testid="payment"]');
    expect(await page.locator('[data-testid="missed-by"]').textContent()).toContain("was due and missed its window");
    expect(await page.locator('[data-testid="missed-by"] .mono').getAttribute("title")).toBe(operator);
    const payment = await page.locator('[data-testid="payment"]').textContent();
    expect(payment).toContain("refunded2 SYM");
    expect(payment).toContain("operator slashed100 SYM (to the treasury)");
    await page.close();
  });

  it("shows the model version governance flagged, with its reason, on the models page and on its decisions", async () => {
    const { flagged, requests } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/models`, '[data-testid="model"]');
    const row = page.locator(`[data-model-id="${flagged.modelId}"] [data-version="${flagged.version}"]`);
    expect(await row.getAttribute("data-flagged")).toBe("true");
    expect(await row.locator('[data-testid="flag-reason"]').textContent()).toContain(FLAG_REASON);
    expect(await page.locator('[data-model-id="1"] [data-version="1"]').getAttribute("data-flagged")).toBe("false");
    await shot(page, "models");
    // model 1's card names it; model 2's only copy was tampered with, so it is refused and nothing of it shown
    expect(await page.locator('[data-model-id="1"] [data-testid="model-name"]').textContent()).toBe(HELD_CARD);
    expect(await page.locator('[data-model-id="2"] [data-testid="model-name"]').textContent()).toBe("model 2");
    expect(
      await page.locator('[data-model-id="2"] [data-testid="version-card"]').first().getAttribute("data-card-state"),
    ).toBe("refused");
    expect(
      await page.locator('[data-model-id="3"] [data-testid="version-card"]').first().getAttribute("data-card-state"),
    ).toBe("unavailable");
    await page.goto(`${explorer?.url}#/request/${requests.public}`);
    await page.locator('[data-testid="decision-flag"]').waitFor({ timeout: SHOWN_WITHIN_MS });
    expect(await page.locator('[data-testid="decision-flag"]').textContent()).toContain(FLAG_REASON);
    const refusal = await page.locator('[data-testid="card-refused"]').textContent();
    expect(refusal).toContain(`not the registered ${cardHashOf(publicCard)}`);
    expect(refusal).not.toContain("audited-credit-model");
    expect(await page.locator('[data-testid="model-name"]').textContent()).toBe("model 2");
    // without a card the bars are numbered
    expect(await page.locator('[data-testid="contribution-chart"] g.bar[data-label="feature 0"]').count()).toBe(1);
    await shot(page, "decision-flagged-model");
    await page.close();
  });

  it("shows a version's proven audits on its model's page: the set, the counts per group, the exact metrics", async () => {
    const { audited } = devnet as Devnet;
    const page = await open(`${explorer?.url}#/models/${audited.modelId}`, '[data-testid="audit-row"]');
    const cell = page.locator(`[data-version="${audited.version}"] [data-testid="version-audit"]`);
    expect(await cell.getAttribute("data-set")).toBe(audited.auditSetId.toString());
    // the fixture's counts (test/fixtures/audit): 11 of 15 and 3 of 17 positive; the registry's exact metrics
    expect(await cell.textContent()).toContain("\u2212142/255");
    const row = page.locator('[data-testid="audit-row"]');
    expect(await row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain("11 of 15 positive");
    expect(text).toContain("3 of 17 positive");
    expect(text).toContain("45/187");
    expect(text).toContain("(below 4/5)");
    expect(text).toContain("\u221247/63");
    await shot(page, "model-audits");
    await page.close();
    // the flagged version, never audited, says so beside its flag
    const flaggedPage = await open(`${explorer?.url}#/models/2`, '[data-testid="version-row"]');
    const flaggedRow = flaggedPage.locator('[data-testid="version-row"][data-version="1"]');
    expect(await flaggedRow.getAttribute("data-flagged")).toBe("true");
    expect(await flaggedRow.textContent()).toContain("none recorded");
    await flaggedPage.close();
  });

  it("shows the executed proposal, the operator's record and the contributor's data", async () => {
    const { operator, requester } = devnet as Devnet;
    const governance = await open(`${explorer?.url}#/governance`, '[data-testid="proposal"]');
    expect(await governance.locator('[data-testid="proposal-state"]').textContent()).toBe("Executed");
    expect(await governance.locator('[data-testid="proposal-actions"]').textContent()).toContain(
      `modelRegistry.flagVersion(2, 1, "${FLAG_REASON}")`,
    );
    await shot(governance, "governance");
    await governance.close();

    const operators = await open(`${explorer?.url}#/operators`, '[data-testid="operator-row"]');
    const row = operators.locator(`[data-operator="${operator}"]`);
    expect(await row.locator('[data-testid="fulfilled"]').textContent()).toBe("3");
    expect(await row.locator('[data-testid="missed"]').textContent()).toBe("1");
    expect(await row.locator('[data-testid="slashed"]').textContent()).toBe("100 SYM");
    await shot(operators, "operators");
    await operators.close();

    const data = await open(`${explorer?.url}#/data/${requester}`, '[data-testid="contribution-row"]');
    expect(await data.locator('[data-testid="consent"]').textContent()).toContain("training yes");
    expect(await data.locator('[data-testid="grants"]').textContent()).toContain("0 of 5");
    expect(await data.locator('[data-testid="grants"] .mono').getAttribute("title")).toBe(GRANTEE);
    await shot(data, "data");
    await data.close();
  });

  it("says so when a request id is unknown or malformed", async () => {
    const page = await open(`${explorer?.url}#/request/999`, '[data-testid="error-state"]');
    const error = page.locator('[data-testid="error-state"]');
    expect(await error.getAttribute("data-error")).toBe("UnknownRequestError");
    expect(await error.textContent()).toContain("request 999 does not exist on this coordinator");
    await shot(page, "error-unknown-request");
    await page.goto(`${explorer?.url}#/request/twelve`);
    await expect.poll(() => error.getAttribute("data-error")).toBe("BadInputError");
    expect(await error.textContent()).toContain("is not a request id");
    await page.close();
  });

  it("says so when the RPC node serves another chain, or does not answer", async () => {
    const wrong = await open(`${explorer?.url}?rpc=${otherChain?.url}#/requests`, '[data-testid="error-state"]');
    const error = wrong.locator('[data-testid="error-state"]');
    expect(await error.getAttribute("data-error")).toBe("WrongChainError");
    expect(await error.textContent()).toContain("serves chain 11155111");
    expect(await error.textContent()).toContain("is on chain 31337");
    expect(await error.textContent()).toContain(`${otherChain?.url}/ (set by this link's ?rpc=)`);
    await shot(wrong, "error-wrong-chain");
    await wrong.close();

    const down = await open(`${explorer?.url}?rpc=http://127.0.0.1:1#/requests`, '[data-testid="error-state"]');
    expect(await down.locator('[data-testid="error-state"]').getAttribute("data-error")).toBe("ChainUnreachableError");
    await shot(down, "error-chain-unreachable");
    await down.close();
  });

  it("is served by the operator node at /explorer/, reading the chain through its relay", async () => {
    const node = (devnet as Devnet).node;
    const base = `http://127.0.0.1:${node.metricsPort}/explorer/`;
    const page = await open(`${base}#/requests`, '[data-testid="request-row"]');
    await expect.poll(() => page.locator('[data-testid="request-row"]').count()).toBe(5);
    // the node's page reads cards from the node's own /cards/ route
    const model = page.locator(
      `[data-request-id="${(devnet as Devnet).requests.committed}"] [data-testid="model-name"]`,
    );
    expect(await model.textContent()).toBe(HELD_CARD);
    await shot(page, "operator-node-requests");
    await page.close();
    // the relay forwards reads only
    const refused = await fetch(`${base}rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendTransaction", params: [{}] }),
    });
    expect(((await refused.json()) as { error?: { message: string } }).error?.message).toContain("not relayed");
  });
  it("measures each page's load time on the local chain (reported, not asserted)", async () => {
    const { requests, requester } = devnet as Devnet;
    const node = `http://127.0.0.1:${(devnet as Devnet).node.metricsPort}/explorer/`;
    const pages: [string, string, string][] = [
      ["requests", `${explorer?.url}#/requests`, '[data-testid="request-row"]'],
      ["decision", `${explorer?.url}#/request/${requests.committed}`, '[data-testid="contribution-chart"] svg'],
      ["models", `${explorer?.url}#/models`, '[data-testid="model"]'],
      ["operators", `${explorer?.url}#/operators`, '[data-testid="operator-row"]'],
      ["governance", `${explorer?.url}#/governance`, '[data-testid="proposal"]'],
      ["data", `${explorer?.url}#/data/${requester}`, '[data-testid="contribution-row"]'],
      ["unknown request", `${explorer?.url}#/request/999`, '[data-testid="error-state"]'],
      ["requests, from the operator node", `${node}#/requests`, '[data-testid="request-row"]'],
    ];
    for (const [name, url, selector] of pages) {
      const samples = await loadTimesOf(url, selector);
      const sorted = [...samples].sort((a, b) => a - b);
      loadTimes[name] = { samples, medianMs: sorted[Math.floor(sorted.length / 2)] as number };
    }
    expect(Object.keys(loadTimes)).toHaveLength(pages.length);
  });
});
