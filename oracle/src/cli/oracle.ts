#!/usr/bin/env -S node --import tsx
import { loadConfig } from "../config/loadConfig.ts";
/**
 * The operator's command line: `symbiote-oracle <command> [--config oracle.json]`. Run `symbiote-oracle help`.
 */
import { BaseError } from "../errors.ts";
import { decisionTrail } from "../node/decisionTrail.ts";
import { OperatorNode } from "../node/operatorNode.ts";
import { loadManifest } from "../zk/manifest.ts";
import { commandContext, flags } from "./commands/context.ts";
import { dataNodeAccept, dataNodeResign } from "./commands/dataNode.ts";
import { modelsDeclare, modelsUndeclare } from "./commands/declarations.ts";
import { deposit, withdrawDeposit } from "./commands/deposit.ts";
import { init } from "./commands/init.ts";
import { modelsSync } from "./commands/models.ts";
import { request } from "./commands/request.ts";
import { register, stake, unstake, withdraw } from "./commands/staking.ts";
import { status } from "./commands/status.ts";

const HELP = `symbiote-oracle <command> [--config oracle.json]

  init [--rpc <url>] [--chain-id <id>]   write an operator key and a config
  start [--explorer]                     run the operator node (--explorer: serve the decision explorer
                                         at /explorer/ on the metrics port)
  register --endpoint <url>              register as an operator (needs stake) and declare the
                                         model versions the store can prove
  stake <amount> | unstake <amount>      stake tokens / start the unstaking cooldown
  withdraw                               withdraw stake whose cooldown is over
  status                                 stake, eligibility, earnings, declared versions, jobs
  models sync [--from <folder>]          fetch circuit artifacts, import model weights, then declare
                                         exactly the versions the store can prove (withdrawing others)
  models declare <model>:<version>…      declare versions (refused unless the store can prove them)
  models undeclare <model>:<version>…    withdraw declarations for requests made from now on
  data-node accept <owner>               serve committed-input requests on <owner>'s data, as it proposed
  data-node resign <owner>               stop serving <owner>'s data for new requests
  request <modelId> --features a,b,…     try a model with a public-input request (paid from the
                                         prepaid balance when it covers the fee, else by transfer)
  deposit <amount>                       add tokens to the prepaid balance requests are paid from
  withdraw-deposit <amount> [--to <a>]   take tokens out of the prepaid balance
  decision <requestId>                   the audit trail of a decision
`;

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  // `start --explorer` is a switch without a value; every other flag takes one
  const withExplorer = command === "start" && args.includes("--explorer");
  const rest = args.filter((arg) => !(withExplorer && arg === "--explorer"));
  const { positional, named } = flags(rest);
  switch (command) {
    case "init":
      return init(named);
    case "start": {
      const loaded = loadConfig(named.get("config") ?? "oracle.json", { env: process.env });
      const config = withExplorer ? { ...loaded, explorer: { ...loaded.explorer, enabled: true } } : loaded;
      const node = new OperatorNode(config);
      await node.start();
      const stop = () => {
        node.log.info("stopping");
        void node.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      return;
    }
    case "register":
      return register(commandContext(named), named.get("endpoint"));
    case "stake":
      return stake(commandContext(named), positional[0]);
    case "unstake":
      return unstake(commandContext(named), positional[0]);
    case "withdraw":
      return withdraw(commandContext(named));
    case "status":
      return status(commandContext(named));
    case "models":
      switch (positional[0]) {
        case "sync":
          return modelsSync(commandContext(named), named);
        case "declare":
          return modelsDeclare(commandContext(named), positional.slice(1));
        case "undeclare":
          return modelsUndeclare(commandContext(named), positional.slice(1));
        default:
          throw new BaseError(
            "unknown models command; use `symbiote-oracle models sync`, `models declare <model>:<version>` or `models undeclare <model>:<version>`.",
          );
      }
    case "data-node":
      switch (positional[0]) {
        case "accept":
          return dataNodeAccept(commandContext(named), positional[1]);
        case "resign":
          return dataNodeResign(commandContext(named), positional[1]);
        default:
          throw new BaseError(
            "unknown data-node command; use `symbiote-oracle data-node accept <owner>` or `data-node resign <owner>`.",
          );
      }
    case "request":
      return request(commandContext(named), positional[0], named);
    case "deposit":
      return deposit(commandContext(named), positional[0]);
    case "withdraw-deposit":
      return withdrawDeposit(commandContext(named), positional[0], named);
    case "decision": {
      if (!positional[0] || !/^\d+$/.test(positional[0]))
        throw new BaseError("decision needs a request id: `symbiote-oracle decision 12`.");
      const ctx = commandContext(named);
      console.log(
        json(await decisionTrail(ctx.clients.publicClient, ctx.deployment, loadManifest(), BigInt(positional[0]))),
      );
      return;
    }
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return;
    default:
      throw new BaseError(`unknown command "${command}"; run \`symbiote-oracle help\`.`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof BaseError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});
