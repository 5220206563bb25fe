#!/usr/bin/env -S node --import tsx
import { loadDeployment, loadManifest, ModelStore } from "@symbiote/circuits";
import { explainError, getDecisionTrail } from "@symbiote/sdk";
/**
 * The operator's command line: `symbiote-oracle <command> [--dir <folder> | --config <file>]`. Run
 * `symbiote-oracle help`. Exit statuses: see EXIT in ./operatorErrors.ts and docs/operator.md.
 */
import { createClients } from "../chain/clients.ts";
import { loadConfig } from "../config/loadConfig.ts";
import { OperatorNode } from "../node/operatorNode.ts";
import {
  type CommandContext,
  checkChain,
  commandContext,
  configPathOf,
  explainFailure,
  flags,
  readContext,
} from "./commands/context.ts";
import { dataNodeAccept, dataNodeResign } from "./commands/dataNode.ts";
import { modelsDeclare, modelsUndeclare } from "./commands/declarations.ts";
import { deposit, withdrawDeposit } from "./commands/deposit.ts";
import { init } from "./commands/init.ts";
import { modelsAdd, modelsSync } from "./commands/models.ts";
import { request } from "./commands/request.ts";
import { deregister, register, stake, sync, unstake, withdraw } from "./commands/staking.ts";
import { status } from "./commands/status.ts";
import { EXIT, exitStatusOf, UsageError } from "./operatorErrors.ts";

const HELP = `symbiote-oracle <command> [--dir <folder> | --config <file>]

Every command reads <folder>/oracle.json: --dir, else $SYMBIOTE_ORACLE_HOME, else ~/.symbiote-oracle
(or the file --config names).

  init [--dir <folder>] [--rpc <url>]    write an operator key, a config and a .gitignore into a new
       [--chain-id <id>]                 folder (default as above; never the repository unless named)
       [--deployment <file>]
  start [--explorer]                     run the operator node (--explorer: serve the decision explorer
                                         at /explorer/ on the metrics port); it first withdraws the
                                         declarations of versions it will not prove (config
                                         declarations.withdrawUnservable)
  register --endpoint <url>              register as an operator (needs stake) and declare the
                                         model versions the store can prove
  deregister                             leave the operator set: no request is drawn for you from then
                                         on (stake stays staked; requests already drawn stay yours)
  sync                                   re-arm a dormant operator (draw weight 0) whose stake is back
                                         above the minimum: only your own act raises a zero weight
  stake <amount> | unstake <amount>      stake tokens / start the unstaking cooldown
  withdraw                               withdraw stake whose cooldown is over
  status                                 stake, draw weight (dormant or not, and what to do), earnings,
                                         declared versions, versions not served (copies), jobs
  models sync [--from <folder>]          fetch the circuit artifacts it can (skipping, with the reason,
       [--artifacts <repo root>]         any it cannot), import model weights, then declare exactly
       [--publisher <address>]           the versions the store can prove (withdrawing others); weights
                                         are served only for the model owner they were handed over for
                                         (the file's "publisher"; --publisher binds files naming none)
  models add <folder>                    add a model compiled with \`npm run model -- compile --out
       [--publisher <address>]           <folder>\` (checked against the registry), then declare
  models declare <model>:<version>…      declare versions (refused unless the store can prove them)
  models undeclare <model>:<version>…    withdraw declarations for requests made from now on
  data-node accept <owner>               serve committed-input requests on <owner>'s data, as it proposed
  data-node resign <owner>               stop serving <owner>'s data for new requests
  request <modelId> --features a,b,…     try a model with a public-input request (paid from the
       [--max-fee <tokens>]              prepaid balance when it covers the fee, else by transfer)
  deposit <amount>                       add tokens to the prepaid balance requests are paid from
  withdraw-deposit <amount> [--to <a>]   take tokens out of the prepaid balance
  decision <requestId>                   the audit trail of a decision (read-only: needs no key)

Exit status: 0 done, 1 refused (change the config, key, store, an argument or the chain's state),
2 usage, 3 RPC endpoint unreachable (try again later), 70 unexpected (a bug: SYMBIOTE_DEBUG=1 shows the stack).
`;

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

/** Every command's flags besides --dir and --config: anything else is a typo the operator should hear about. */
const FLAGS: Record<string, readonly string[]> = {
  init: ["rpc", "chain-id", "deployment"],
  start: [],
  register: ["endpoint"],
  deregister: [],
  sync: [],
  stake: [],
  unstake: [],
  withdraw: [],
  status: [],
  models: ["from", "artifacts", "publisher"],
  "data-node": [],
  request: ["features", "max-fee"],
  deposit: [],
  "withdraw-deposit": ["to"],
  decision: [],
};

function checkFlags(command: string, named: ReadonlyMap<string, string>): void {
  const allowed = new Set(["dir", "config", ...(FLAGS[command] ?? [])]);
  const unknown = [...named.keys()].filter((name) => !allowed.has(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `${command} does not take ${unknown.map((n) => `--${n}`).join(", ")}; run \`symbiote-oracle help\` for its flags.`,
    );
  }
}

/** Runs a command that acts with the operator key; anything the chain refuses comes back decoded. */
async function withOperator(
  named: ReadonlyMap<string, string>,
  what: string,
  run: (ctx: CommandContext) => Promise<void>,
): Promise<void> {
  const ctx = await commandContext(named);
  try {
    await run(ctx);
  } catch (error) {
    throw await explainFailure(ctx, error, what);
  }
}

async function start(named: ReadonlyMap<string, string>, withExplorer: boolean): Promise<void> {
  const loaded = loadConfig(configPathOf(named, process.env), { env: process.env });
  const deployment = loadDeployment(loaded.deployment, loaded.chainId);
  // local checks first, as the node orders them: a damaged store is reported even while the chain is down
  new ModelStore(loaded.modelStore.dir, { gateway: loaded.modelStore.gateway }).verifyAll();
  // then the same chain checks as every command, so start fails with the same errors and exit statuses
  await checkChain(loaded, createClients(loaded).publicClient, deployment);
  const config = withExplorer ? { ...loaded, explorer: { ...loaded.explorer, enabled: true } } : loaded;
  const node = new OperatorNode(config);
  await node.start();
  const stop = () => {
    node.log.info("stopping");
    void node.stop().then(() => process.exit(EXIT.ok));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === "help" || command === "--help") {
    console.log(HELP);
    if (command === undefined) process.exitCode = EXIT.usage;
    return;
  }
  if (!(command in FLAGS)) throw new UsageError(`unknown command "${command}"; run \`symbiote-oracle help\`.`);
  // `start --explorer` is a switch without a value; every other flag takes one
  const withExplorer = command === "start" && args.includes("--explorer");
  const { positional, named } = flags(args.filter((arg) => !(withExplorer && arg === "--explorer")));
  checkFlags(command, named);
  switch (command) {
    case "init":
      init(named, process.env);
      return;
    case "start":
      return start(named, withExplorer);
    case "register":
      return withOperator(named, "register", (ctx) => register(ctx, named.get("endpoint")));
    case "deregister":
      return withOperator(named, "deregister", (ctx) => deregister(ctx));
    case "sync":
      return withOperator(named, "sync", (ctx) => sync(ctx));
    case "stake":
      return withOperator(named, "stake", (ctx) => stake(ctx, positional[0]));
    case "unstake":
      return withOperator(named, "unstake", (ctx) => unstake(ctx, positional[0]));
    case "withdraw":
      return withOperator(named, "withdraw", (ctx) => withdraw(ctx));
    case "status":
      return withOperator(named, "status", (ctx) => status(ctx));
    case "models": {
      const sub = positional[0];
      if (sub === "sync") return withOperator(named, "models sync", (ctx) => modelsSync(ctx, named));
      if (sub === "add") return withOperator(named, "models add", (ctx) => modelsAdd(ctx, positional[1], named));
      if (sub === "declare") {
        return withOperator(named, "models declare", (ctx) => modelsDeclare(ctx, positional.slice(1)));
      }
      if (sub === "undeclare") {
        return withOperator(named, "models undeclare", (ctx) => modelsUndeclare(ctx, positional.slice(1)));
      }
      throw new UsageError(
        "unknown models command; use `symbiote-oracle models sync`, `models add <folder>`, `models declare <model>:<version>` or `models undeclare <model>:<version>`.",
      );
    }
    case "data-node": {
      const sub = positional[0];
      if (sub === "accept") return withOperator(named, "data-node accept", (ctx) => dataNodeAccept(ctx, positional[1]));
      if (sub === "resign") return withOperator(named, "data-node resign", (ctx) => dataNodeResign(ctx, positional[1]));
      throw new UsageError(
        "unknown data-node command; use `symbiote-oracle data-node accept <owner>` or `data-node resign <owner>`.",
      );
    }
    case "request":
      return withOperator(named, "request", (ctx) => request(ctx, positional[0], named));
    case "deposit":
      return withOperator(named, "deposit", (ctx) => deposit(ctx, positional[0]));
    case "withdraw-deposit":
      return withOperator(named, "withdraw-deposit", (ctx) => withdrawDeposit(ctx, positional[0], named));
    case "decision": {
      const id = positional[0];
      if (!id || !/^\d+$/.test(id)) throw new UsageError("decision needs a request id: `symbiote-oracle decision 12`.");
      const ctx = await readContext(named);
      try {
        console.log(
          json(
            await getDecisionTrail(ctx.publicClient, {
              deployment: ctx.deployment,
              manifest: loadManifest(),
              requestId: BigInt(id),
            }),
          ),
        );
      } catch (error) {
        throw explainError(error, { what: "decision" });
      }
      return;
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // the node's and the SDK's own errors pass through; a raw viem or network failure is explained
  const reported = explainError(error, { what: process.argv[2] ?? "symbiote-oracle" });
  process.stderr.write(`error: ${reported.message}\n`);
  if (process.env.SYMBIOTE_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(exitStatusOf(reported));
});
