/**
 * The operator's journey from a fresh clone, through `symbiote-oracle` as an operator runs it: the repository's
 * committed HEAD is cloned into a temporary folder (only node_modules is linked in), so a file that exists only in a
 * working tree — built PLONK keys, a model store, a config — cannot make it pass. On one devnet: `init` writes to the
 * folder it names (git ignores the key even inside the clone), `stake`, `models sync` (the PLONK circuits, whose zkeys
 * are not committed, are skipped with the reason), `register`, `start`, `status`, a request served by this node, and
 * `decision` read with no key at all. Bad input gets a decoded, actionable error: no gas, staking more than the
 * balance, registering an empty store, an unknown model, a wrong feature count; and every command that talks to a
 * chain is run against an unreachable endpoint and against a chain other than the config's.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type Anvil,
  demoClassifierModels,
  freePort,
  KEYS,
  type LocalProtocol,
  type NodeProcess,
  rpc,
  startAnvil,
  startLocalProtocol,
  startNodeProcess,
  waitFor,
} from "@symbiote/devnet";
import { tokenAbi } from "@symbiote/sdk";
import { type Address, parseEther } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../circuits/src/deployment.ts";
import { REPO_ROOT } from "../../circuits/src/manifest.ts";

const REQUESTER = KEYS[2];
/** The deploy's public-input classifier demo model: 16 features. */
const PUBLIC_CLASSIFIER = 2n;
const FEATURES = Array.from({ length: 16 }, (_, i) => ((i % 5) - 2) / 4);

let chain: LocalProtocol;
let anvil: Anvil;
let otherChain: Anvil;
let deploymentPath: string;
let deployment: Deployment;
let p: LocalProtocol["p"];
let dir: string;
let clone: string;
/** The folder init writes, outside the clone. */
let folder: string;
let operator: Address;
let node: NodeProcess | undefined;

type Run = { status: number | null; stdout: string; stderr: string };

/** The clone's CLI, from the clone's root, with a home folder of the test's own and no operator key in the env. */
function cliArgs(args: readonly string[]) {
  return {
    argv: ["--import", "tsx", join(clone, "oracle/src/cli/oracle.ts"), ...args],
    options: {
      cwd: clone,
      env: {
        ...process.env,
        SYMBIOTE_ORACLE_HOME: join(dir, "home"),
        SYMBIOTE_OPERATOR_KEY: undefined,
        SYMBIOTE_DEBUG: undefined,
      },
    },
  };
}

function cli(...args: string[]): SpawnSyncReturns<string> {
  const { argv, options } = cliArgs(args);
  return spawnSync(process.execPath, argv, { ...options, encoding: "utf8", timeout: 120_000 });
}

/** The same, without blocking: the table below runs a few commands at once. */
function cliAsync(args: readonly string[]): Promise<Run> {
  const { argv, options } = cliArgs(args);
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

const git = (cwd: string, ...args: string[]) => spawnSync("git", args, { cwd, encoding: "utf8" });

/** What a person reads must never be a stack or a raw 4-byte selector. */
function expectReadable(result: Run): void {
  expect(result.stderr).toMatch(/^error: /m);
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(result.stderr).not.toMatch(/0x[0-9a-f]{8}\b(?![0-9a-f])/i);
}

const treasury = () => p.wallet(KEYS[1]);

async function sendSym(to: Address, amount: bigint): Promise<void> {
  const hash = await treasury().writeContract({
    address: deployment.token,
    abi: tokenAbi,
    functionName: "transfer",
    args: [to, amount],
  } as never);
  await p.publicClient.waitForTransactionReceipt({ hash });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "symbiote-journey-"));
  // the committed tree, nothing else: a local clone checks out HEAD's commit; node_modules is linked (npm ci is slow)
  clone = join(dir, "clone");
  const head = git(REPO_ROOT, "rev-parse", "HEAD").stdout.trim();
  expect(git(dir, "clone", "--quiet", "--no-checkout", REPO_ROOT, clone).status).toBe(0);
  expect(git(clone, "checkout", "--quiet", head).status).toBe(0);
  symlinkSync(resolve(REPO_ROOT, "node_modules"), join(clone, "node_modules"));
  [chain, otherChain] = await Promise.all([
    startLocalProtocol("e2e-journey"),
    startAnvil({ extraArgs: ["--chain-id", "1337"] }),
  ]);
  ({ anvil, deploymentPath, deployment, p } = chain);
  await p.fundRequester(REQUESTER);
  // the trainer's output for the deploy's two classifier models: artifacts that open the registered commitments
  mkdirSync(join(dir, "artifacts"));
  for (const { name, artifact, commitment } of demoClassifierModels()) {
    const a = artifact as { weightsCommitment: { salt: string } };
    writeFileSync(
      join(dir, "artifacts", `${name}.json`),
      JSON.stringify({ ...a, weightsCommitment: { value: commitment.toString(), salt: a.weightsCommitment.salt } }),
    );
  }
}, 600_000);

afterAll(async () => {
  await node?.stop();
  await Promise.all([chain?.stop(), otherChain?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the operator's journey from a fresh clone", () => {
  it("init writes to the folder it names, outside the clone; a key written inside the clone is ignored by git", () => {
    folder = join(dir, "operator");
    const result = cli("init", "--dir", folder, "--rpc", anvil.url, "--deployment", deploymentPath);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${folder}: oracle.json, operator.key (mode 0600)`);
    expect(statSync(join(folder, "operator.key")).mode & 0o777).toBe(0o600);
    operator = /operator (0x[0-9a-fA-F]{40})/.exec(result.stdout)?.[1] as Address;
    expect(operator).toBeDefined();
    const inside = cli("init", "--dir", join(clone, "my-operator"));
    expect(inside.status, inside.stderr).toBe(0);
    expect(git(clone, "check-ignore", "-q", "my-operator/operator.key").status).toBe(0);
    // nothing either init wrote shows up in the clone's status (the node_modules link is the test's own)
    const changes = git(clone, "status", "--porcelain", "--untracked-files=all").stdout.split("\n");
    expect(changes.filter((line) => line !== "" && line !== "?? node_modules")).toEqual([]);
  });

  it("stake: no gas, then too few tokens, each decoded with what to do; then it stakes", async () => {
    const noGas = cli("stake", "2000", "--dir", folder);
    expect(noGas.status).toBe(1);
    expect(noGas.stderr).toContain(`${operator} holds 0 ETH, not enough to pay for the transaction's gas; send ETH to`);
    expectReadable(noGas);
    await rpc(anvil.url, "anvil_setBalance", [operator, `0x${parseEther("10").toString(16)}`]);
    await sendSym(operator, parseEther("500"));
    const short = cli("stake", "2000", "--dir", folder);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain(
      `stake: ${operator} holds 500 SYM but this needs 2000 SYM (ERC20InsufficientBalance); send it at least 1500 SYM more`,
    );
    expectReadable(short);
    await sendSym(operator, parseEther("1600"));
    const staked = cli("stake", "2000", "--dir", folder);
    expect(staked.status, staked.stderr).toBe(0);
    expect(staked.stdout).toContain("staked 2000");
    // any other refusal comes back by name with its arguments, from the contract that raised it
    const tooMuch = cli("unstake", "5000", "--dir", folder);
    expect(tooMuch.status).toBe(1);
    expect(tooMuch.stderr).toContain(
      `requestUnstake was refused by the contract: StakingInsufficientActiveStake(${operator}, ${parseEther("5000")}, ${parseEther("2000")})`,
    );
    expectReadable(tooMuch);
  }, 120_000);

  it("register refuses an empty store; models sync skips what the clone cannot serve and declares what it proves", () => {
    const early = cli("register", "--endpoint", "http://127.0.0.1:9464", "--dir", folder);
    expect(early.status).toBe(1);
    expect(early.stderr).toContain("can prove none of the registry's");
    expect(early.stderr).toContain("run `symbiote-oracle models sync --from <folder of model artifacts>` first");
    const sync = cli("models", "sync", "--from", join(dir, "artifacts"), "--dir", folder);
    expect(sync.status, sync.stderr).toBe(0);
    // the clone has no PLONK zkeys (not committed): skipped, saying so, and blocking nothing
    expect(sync.stderr).toMatch(
      /skipped circuit \d+ \(classifier16-public, plonk\): .* not committed to the repository/,
    );
    expect(sync.stderr).toContain("npm run circuits:build");
    expect(sync.stderr).toContain("imported classifier16-public.json");
    expect(sync.stdout).toContain("declared versions: 1:1, 2:1");
    const registered = cli("register", "--endpoint", "http://127.0.0.1:9464", "--dir", folder);
    expect(registered.status, registered.stderr).toBe(0);
    expect(registered.stdout).toContain(`registered ${operator}`);
  }, 180_000);

  it("request refuses an unknown model and a wrong feature count before sending anything", () => {
    const unknown = cli("request", "99", "--features", FEATURES.join(","), "--dir", folder);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("model 99 is not in the registry");
    expect(unknown.stderr).toContain("which has models 1 to 3");
    const short = cli("request", "2", "--features", "0.5,1", "--dir", folder);
    expect(short.status).toBe(1);
    expect(short.stderr).toContain("model 2 takes 16 features and --features has 2; pass exactly 16");
    for (const r of [unknown, short]) expectReadable(r);
  }, 60_000);

  it("start, status, and a request is served by this node; decision reads it with no key", async () => {
    // the operator picks a free metrics port and a short poll, as a second node on one machine would
    const port = await freePort();
    const configPath = join(folder, "oracle.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    writeFileSync(
      configPath,
      JSON.stringify({ ...config, confirmations: 1, metrics: { port }, watcher: { pollIntervalMs: 250 } }, null, 2),
    );
    await rpc(anvil.url, "evm_setIntervalMining", [1]);
    node = await startNodeProcess(
      { dir: folder, configPath, env: { SYMBIOTE_ORACLE_HOME: join(dir, "home") } },
      port,
      60_000,
      clone,
    );
    const status = cli("status", "--dir", folder);
    expect(status.status, status.stderr).toBe(0);
    const shown = JSON.parse(status.stdout) as { eligible: boolean; stake: string; declaredVersions: string[] };
    expect(shown).toMatchObject({ eligible: true, stake: "2000", declaredVersions: ["1:1", "2:1"] });

    const features = FEATURES.map((x) => BigInt(Math.round(x * 65536)));
    const id = await p.request(REQUESTER, {
      modelId: PUBLIC_CLASSIFIER,
      features,
    });
    await chain.fulfillSeeds();
    const served = await waitFor(`request ${id} served`, () => p.operatorOf(id), 180_000);
    expect(served.toLowerCase()).toBe(operator.toLowerCase());

    // an auditor's config: the same chain and deployment, a key variable that is not set, no key file
    const auditor = join(dir, "auditor");
    mkdirSync(auditor);
    writeFileSync(
      join(auditor, "oracle.json"),
      JSON.stringify({ ...config, operatorKey: { env: "SYMBIOTE_AUDITOR_KEY" }, dataDir: "state" }),
    );
    const trail = cli("decision", id.toString(), "--dir", auditor);
    expect(trail.status, trail.stderr).toBe(0);
    const decision = JSON.parse(trail.stdout) as { request: { requestId: string }; operator: string };
    expect(JSON.stringify(decision)).toContain(operator);
    // the same config refuses a command that needs the key, naming the variable
    const needsKey = cli("status", "--dir", auditor);
    expect(needsKey.status).toBe(1);
    expect(needsKey.stderr).toContain("operatorKey.env: SYMBIOTE_AUDITOR_KEY is not set");
  }, 300_000);

  it("every command that talks to a chain explains an unreachable endpoint (3) and another chain (1)", async () => {
    const config = JSON.parse(readFileSync(join(folder, "oracle.json"), "utf8"));
    const key = { file: join(folder, "operator.key") };
    const closed = await freePort();
    const write = (name: string, http: string) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(
        path,
        JSON.stringify({ ...config, operatorKey: key, dataDir: join(dir, name), rpc: { http: [http] } }),
      );
      return path;
    };
    const unreachable = write("unreachable", `http://127.0.0.1:${closed}`);
    const wrongChain = write("wrong-chain", otherChain.url);
    const owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const commands: string[][] = [
      ["start"],
      ["register", "--endpoint", "http://127.0.0.1:9464"],
      ["stake", "1"],
      ["unstake", "1"],
      ["withdraw"],
      ["status"],
      ["models", "sync"],
      ["models", "add", dir],
      ["models", "declare", "1:1"],
      ["models", "undeclare", "1:1"],
      ["data-node", "accept", owner],
      ["data-node", "resign", owner],
      ["request", "2", "--features", FEATURES.join(",")],
      ["deposit", "1"],
      ["withdraw-deposit", "1"],
      ["decision", "1"],
    ];
    const cases = commands.flatMap((args) => [
      { args, configPath: unreachable, status: 3, says: `cannot reach the RPC endpoint http://127.0.0.1:${closed}` },
      {
        args,
        configPath: wrongChain,
        status: 1,
        says: `the RPC endpoint ${otherChain.url} serves chain 1337, but the config ${wrongChain} (chainId) is on chain 31337`,
      },
    ]);
    // three at a time: each is a process of its own
    const results: Run[] = [];
    for (let i = 0; i < cases.length; i += 3) {
      results.push(
        ...(await Promise.all(cases.slice(i, i + 3).map((c) => cliAsync([...c.args, "--config", c.configPath])))),
      );
    }
    const failures = cases.flatMap((c, i) => {
      const r = results[i] as Run;
      const ok = r.status === c.status && r.stderr.includes(c.says);
      return ok ? [] : [`${c.args.join(" ")} with ${c.configPath}: exit ${r.status}, ${r.stderr.trim()}`];
    });
    expect(failures).toEqual([]);
    for (const r of results) expectReadable(r);
  }, 600_000);
});
