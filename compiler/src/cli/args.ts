import { CompilerError } from "../errors.ts";

/** A command line the model CLI cannot run; the message shows the usage. */
export class UsageError extends CompilerError {
  override name = "UsageError";
}

export const USAGE = `Usage: npm run model -- <command> <model.onnx | compile folder> [options]

Commands:
  inspect <model.onnx>               kind, shape, circuit and agreement after quantisation
  compile <model.onnx> --out <dir>   circuit, weights commitment, manifest entry, dev setup, verifier, proposal
  audit <compile folder> --rows <n> --out <dir>
                                     the fairness-audit circuit of the compiled model's shape for sets of n rows:
                                     circuit, dev setup, verifier, a fixture proof of the model, audit-circuit.json

Options:
  --heldout <file.json>[#key]   held-out rows: {"inputs": [[...]]}, an array of rows, or a keyed object of those
                                (default: heldout.json beside the model, under the model's file name)
  --min-agreement <0..1>        refuse below this arg-max agreement with onnxruntime (default 0.99)
  --mode committed|public       private committed inputs or public packed inputs (default committed)
  --threshold <score>           the linear circuit's decision threshold on the score (default 0)
  --salt <integer>              weights commitment salt (default random; kept in model.json)
  --publisher <0x..>            the address that will publish the model (its owner's), kept in model.json:
                                operators handed the folder serve it only for that owner's model
  --weights committed|baked|auto
                                committed: one circuit for every version (default); baked: the model's
                                weights (or trees) as constants of this version's own circuit (fewer constraints, but the
                                artifacts reveal the weights); auto: compile both, keep the cheaper domain.
                                (audit) the same choice for the audit circuit: baked audits one version of a
                                logistic model (tree ensembles: committed)
  --attribution                 (dense networks, with --weights baked or auto) also prove each feature's
                                gradient x input of the predicted logit
  --no-setup                    skip the dev setup, verifier and fixture proof
  --registry <0x..> --verifier <0x..> [--artifact-base-uri <uri>]
                                also write proposal.json: the governance calldata that registers the circuit
  --audit-registry <0x..> --verifier <0x..>
                                (audit) also write proposal.json: AuditRegistry.registerAuditCircuit's calldata`;

export interface ParsedArgs {
  command: "inspect" | "compile" | "audit";
  model: string;
  options: Map<string, string | true>;
}

const VALUED = new Set([
  "out",
  "heldout",
  "min-agreement",
  "mode",
  "threshold",
  "salt",
  "publisher",
  "weights",
  "registry",
  "verifier",
  "artifact-base-uri",
  "rows",
  "audit-registry",
]);
const FLAGS = new Set(["no-setup", "attribution"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, model, ...rest] = argv;
  if (command !== "inspect" && command !== "compile" && command !== "audit") {
    throw new UsageError(`Unknown command "${command ?? ""}".`, USAGE);
  }
  if (!model || model.startsWith("--")) {
    throw new UsageError(`${command} needs ${command === "audit" ? "a compile folder" : "a model file"}.`, USAGE);
  }
  const options = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const name = arg.replace(/^--/, "");
    if (!arg.startsWith("--") || (!VALUED.has(name) && !FLAGS.has(name))) {
      throw new UsageError(`Unknown option ${arg}.`, USAGE);
    }
    if (FLAGS.has(name)) options.set(name, true);
    else {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value.`, USAGE);
      options.set(name, value);
    }
  }
  if (command !== "inspect" && !options.has("out")) throw new UsageError(`${command} needs --out <dir>.`, USAGE);
  if (command === "audit" && !options.has("rows")) throw new UsageError("audit needs --rows <n>.", USAGE);
  const publisher = options.get("publisher");
  if (publisher !== undefined && (typeof publisher !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(publisher))) {
    throw new UsageError(`--publisher ${String(publisher)}: not an address (0x and 40 hex digits).`, USAGE);
  }
  return { command, model, options };
}

export function numberOption(options: ParsedArgs["options"], name: string): number | undefined {
  const v = options.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n)) throw new UsageError(`--${name} ${String(v)}: not a number.`);
  return n;
}
