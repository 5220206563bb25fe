/**
 * An operator whose store was filled before the publisher binding still declares a version whose weights file names
 * no publisher: it is drawn for it, the node skips its requests, and each one drawn for it times out and is slashed.
 * At start the node withdraws such declarations in one transaction (declarations.withdrawUnservable, on by default)
 * and keeps the versions it can prove declared; with the switch off it only warns; a withdrawal that cannot be sent
 * (no ETH for gas) does not keep it from starting. When the binding turns while the node runs (the model changes
 * hands), `status` lists the declared version as not served, with the reason and how to withdraw it, the node says so
 * when it skips a request drawn for it, and its next start withdraws it, for the very reason the request was skipped.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type Anvil,
  KEYS,
  type LocalProtocol,
  type NodeSetup,
  prepareNode,
  type RegisteredModel,
  registerFamilyModel,
  rpc,
  startLocalProtocol,
  waitFor,
} from "@symbiote/devnet";
import { coordinatorAbi, modelRegistryAbi, stakingVaultAbi } from "@symbiote/sdk";
import pino from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";
import type { OperatorNode } from "../../oracle/src/node/operatorNode.ts";
import { startNode } from "./helpers/node.ts";

const CLI = resolve(REPO_ROOT, "oracle/src/cli/oracle.ts");
const OWNER = KEYS[3];
const STRANGER = KEYS[4];
const OPERATOR = KEYS[5];
const REQUESTER = KEYS[6];
const owner = privateKeyToAccount(OWNER).address;
const stranger = privateKeyToAccount(STRANGER).address;
const operator = privateKeyToAccount(OPERATOR).address;

type LogLine = { level: number; msg: string; [field: string]: unknown };

let chain: LocalProtocol;
let anvil: Anvil;
let deployment: Deployment;
let p: LocalProtocol["p"];
let setup: NodeSetup;
let node: OperatorNode | undefined;
/** Registered by the owner and handed over in a file bound to it: provable, declared, kept. */
let bound: RegisteredModel;
/** Registered by the owner, but in the operator's store from a file that names no publisher. */
let unbound: RegisteredModel;

function cli(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", CLI, ...args, "--config", setup.configPath], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...setup.env },
  });
}

function serves(modelId: bigint): Promise<boolean> {
  return p.publicClient.readContract({
    address: deployment.vault,
    abi: stakingVaultAbi,
    functionName: "servesVersion",
    args: [operator, modelId, 1],
  });
}

/** Sets `declarations.withdrawUnservable` in the node's oracle.json. */
function withdrawUnservable(on: boolean): void {
  const config = JSON.parse(readFileSync(setup.configPath, "utf8")) as Record<string, unknown>;
  writeFileSync(setup.configPath, JSON.stringify({ ...config, declarations: { withdrawUnservable: on } }, null, 2));
}

/** The first line whose message contains `text`; fails naming what was logged instead. */
function logged(lines: readonly LogLine[], text: string): LogLine {
  const line = lines.find((l) => l.msg.includes(text));
  if (!line) throw new Error(`no log line contains "${text}"; logged: ${lines.map((l) => l.msg).join(" | ")}`);
  return line;
}

/** Starts the node with a logger whose lines the test reads. */
async function startLogged(): Promise<{ node: OperatorNode; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  node = await startNode(setup, logger);
  return { node, lines };
}

beforeAll(async () => {
  chain = await startLocalProtocol("withdraw-unservable");
  ({ anvil, deployment, p } = chain);
  await p.fundRequester(REQUESTER);
  await p.fundAndStake(OPERATOR);
  bound = await registerFamilyModel(p, deployment, chain.deploymentPath, OWNER, "classifier", "withdraw/bound");
  unbound = await registerFamilyModel(p, deployment, chain.deploymentPath, OWNER, "classifier", "withdraw/unbound");
  // the unbound model's file as it was handed over before publishers were recorded
  const { publisher: _, ...unboundFile } = unbound.artifact as typeof unbound.artifact & { publisher?: string };
  setup = await prepareNode(resolve(chain.dir, "op"), {
    rpc: [anvil.url],
    deployment: chain.deploymentPath,
    key: OPERATOR,
    models: [
      { commitment: bound.commitment, artifact: bound.artifact, name: "bound" },
      { commitment: unbound.commitment, artifact: unboundFile, name: "unbound" },
    ],
  });
  const registered = cli("register", "--endpoint", "http://127.0.0.1:9464");
  if (registered.status !== 0) throw new Error(`register failed: ${registered.stderr}`);
  // what an operator of earlier software did: it declared the unbound version, which that software served
  await p.declare(OPERATOR, [{ modelId: unbound.modelId, version: 1 }]);
}, 600_000);

afterEach(async () => {
  await node?.stop();
  node = undefined;
});

afterAll(async () => {
  await node?.stop();
  await chain?.stop();
});

describe("the node withdraws, at start, the declarations of versions it will not prove", () => {
  it("the operator starts out declaring the bound version, the unbound one and the deploy's demo model", async () => {
    expect(await Promise.all([bound.modelId, unbound.modelId, 1n].map(serves))).toEqual([true, true, true]);
  });

  it("with declarations.withdrawUnservable false it withdraws nothing and warns, naming the version and why", async () => {
    withdrawUnservable(false);
    const { lines } = await startLogged();
    expect(await serves(unbound.modelId)).toBe(true);
    const warning = logged(lines, "declares versions it will not prove");
    expect(warning.msg).toContain(`withdrawUnservable is false`);
    expect(warning.msg).toContain(`models undeclare ${unbound.modelId}:1`);
    expect((warning.unservable as string[]).join("\n")).toContain(
      `model ${unbound.modelId} version 1: the weights under 0x`,
    );
    expect(lines.some((l) => l.msg.startsWith("withdrew"))).toBe(false);
  });

  it("a withdrawal that cannot be paid for is logged with what to do, and the node starts all the same", async () => {
    withdrawUnservable(true);
    const balance = await p.publicClient.getBalance({ address: operator });
    await rpc(anvil.url, "anvil_setBalance", [operator, "0x0"]);
    try {
      const started = await startLogged();
      expect(started.node.metricsPort).toBeGreaterThan(0);
      const failure = logged(started.lines, "could not withdraw");
      expect(failure.err).toContain(`send ETH to ${operator}`);
      expect(failure.msg).toContain(`models undeclare ${unbound.modelId}:1`);
      expect(await serves(unbound.modelId)).toBe(true);
    } finally {
      await rpc(anvil.url, "anvil_setBalance", [operator, `0x${balance.toString(16)}`]);
    }
  });

  it("withdraws the unbound version's declaration in one transaction and keeps the bound versions declared", async () => {
    const { lines } = await startLogged();
    expect(await serves(unbound.modelId)).toBe(false);
    expect(await serves(bound.modelId)).toBe(true);
    expect(await serves(1n)).toBe(true);
    const withdrew = logged(lines, "withdrew the declarations");
    expect(withdrew.withdrawn).toEqual([
      expect.stringContaining(`model ${unbound.modelId} version 1: the weights under 0x`),
    ]);
    expect((withdrew.withdrawn as string[])[0]).toContain("name no publisher");
    expect(withdrew.msg).toContain("models sync --from <folder> --publisher <owner address>");
    const receipt = await p.publicClient.getTransactionReceipt({ hash: withdrew.transaction as `0x${string}` });
    expect(receipt.status).toBe("success");
  });

  it("a restart with nothing left to withdraw sends nothing", async () => {
    const nonce = await p.publicClient.getTransactionCount({ address: operator });
    const { lines } = await startLogged();
    expect(lines.some((l) => l.msg.startsWith("withdrew") || l.msg.startsWith("could not withdraw"))).toBe(false);
    expect(await p.publicClient.getTransactionCount({ address: operator })).toBe(nonce);
  });

  it("a model that changes hands while the node runs: status and the node name it, and the next start withdraws it", async () => {
    const { lines } = await startLogged();
    const transfer = await p.wallet(OWNER).writeContract({
      address: deployment.registry,
      abi: modelRegistryAbi,
      functionName: "transferModelOwnership",
      args: [bound.modelId, stranger],
    } as never);
    await p.publicClient.waitForTransactionReceipt({ hash: transfer });

    const status = cli("status");
    expect(status.status, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as { declaredButNotProvable: string[]; notServed: string[] };
    const reason = `weights were handed over for publisher ${owner} but model ${bound.modelId} is owned by ${stranger}: a copy; not served`;
    const listed = shown.declaredButNotProvable.find((s) => s.startsWith(`model ${bound.modelId} version 1:`));
    expect(listed).toContain(reason);
    expect(listed).toContain("withdraw it with `symbiote-oracle models sync` (the node also does at its next start)");
    expect(shown.notServed).toContain(
      `model ${bound.modelId} version 1: ${reason} (if ${owner} transferred the model to ${stranger}, ask ${stranger} for the file bound to it)`,
    );

    // the operator still declares it, so the round's seed draws it for a request on it, which the node skips
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    const requestId = await p.request(REQUESTER, { modelId: bound.modelId, features: bound.inputs });
    await chain.fulfillSeeds();
    const skipped = await waitFor(`the node to skip request ${requestId}`, async () => {
      const job = node?.store.get(requestId);
      return job?.state === "skipped" ? job : undefined;
    });
    const drawn = await p.publicClient.readContract({
      address: deployment.coordinator,
      abi: coordinatorAbi,
      functionName: "publicAssignment",
      args: [(await p.requestOf(requestId)).round, requestId, bound.modelId, 1],
    });
    expect(drawn).toBe(operator);
    const said = await waitFor("the node to report the declared version it skips", async () =>
      lines.find((l) =>
        l.msg.startsWith(`this operator declares model ${bound.modelId} version 1 but will not serve it`),
      ),
    );
    expect(said.reason).toBe(skipped.note);
    await node?.stop();
    node = undefined;

    const restarted = await startLogged();
    expect(await serves(bound.modelId)).toBe(false);
    expect(await serves(1n)).toBe(true);
    const withdrew = logged(restarted.lines, "withdrew the declarations");
    // withdrawn for the very reason the request path skipped the request: one rule
    expect(withdrew.withdrawn).toEqual([`model ${bound.modelId} version 1: ${skipped.note}`]);
    expect(withdrew.msg).toContain("ask the model's owner for a file bound to it");
  }, 240_000);
});
