#!/usr/bin/env -S node --import tsx
/**
 * npm run model -- <inspect | compile> <model.onnx> [options]   (USAGE in cli/args.ts)
 * npm run model -- audit <compile folder> --rows <n> --out <dir> [options]
 *
 * The model compiler's command line: `inspect` reports what the compiler makes of a model (kind, shape, circuit,
 * agreement of the quantised model with onnxruntime); `compile` produces its circuit and everything a deployment
 * needs; `audit` the fairness-audit circuit of a compiled model's shape (docs/audit.md) (compiler/README.md; docs/circuits.md, "Compiling your own model"). Exit codes: 0 done, 1 refused (the message says why and
 * what to change), 2 usage.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DenseCircuitError, TreeCircuitError, terminateProvers } from "@symbiote/circuits";
import type { InputMode } from "@symbiote/sdk";
import type { Address } from "viem";
import { compileAuditCircuit } from "./audit/auditCircuit.ts";
import { auditRegistrationProposal } from "./audit/auditProposal.ts";
import { numberOption, type ParsedArgs, parseArgs, UsageError } from "./cli/args.ts";
import { readHeldOutRows } from "./cli/heldOut.ts";
import { compileModel, planModel } from "./compile/compileModel.ts";
import { registrationProposal } from "./compile/proposal.ts";
import type { WeightsMode } from "./compile/weightsChoice.ts";
import { CompilerError } from "./errors.ts";
import { importOnnx } from "./import/importModel.ts";
import { DEFAULT_MIN_AGREEMENT, measureAgreement } from "./quantize/agreement.ts";

const print = (line: string) => process.stdout.write(`${line}\n`);

function weightsMode(value: string | true | undefined): WeightsMode | "auto" {
  if (value === undefined) return "committed";
  if (value === "committed" || value === "baked" || value === "auto") return value;
  throw new UsageError(`--weights ${String(value)}: use committed, baked or auto.`);
}

function inputMode(value: string | true | undefined): InputMode {
  if (value === undefined) return "committed";
  if (value === "committed" || value === "public") return value;
  throw new UsageError(`--mode ${String(value)}: use committed or public.`);
}

async function run(argv: readonly string[]): Promise<void> {
  const { command, model, options } = parseArgs(argv);
  if (command === "audit") return audit(resolve(model), options);
  const path = resolve(model);
  const onnx = new Uint8Array(readFileSync(path));
  const heldOut = readHeldOutRows(path, options.get("heldout") as string | undefined);
  const minAgreement = numberOption(options, "min-agreement") ?? DEFAULT_MIN_AGREEMENT;
  if (minAgreement < 0 || minAgreement > 1)
    throw new UsageError(`--min-agreement ${minAgreement}: give a fraction in [0, 1].`);
  const decisionThreshold = numberOption(options, "threshold");
  const mode = inputMode(options.get("mode"));

  if (command === "inspect") {
    const ir = importOnnx(onnx);
    const task = ir.task.type === "classifier" ? `classifier, ${ir.task.classes.length} classes` : "regressor";
    print(`kind: ${ir.kind} (${task}), ${ir.inputs} features, post-transform ${ir.postTransform}`);
    const { plan, predict } = planModel(ir, mode, decisionThreshold);
    print(`circuit: ${plan.id} (${plan.publicSignals.length} public signals)`);
    if (!heldOut) print("agreement: not measured (pass --heldout <file.json>)");
    else {
      const r = await measureAgreement(onnx, predict, heldOut, minAgreement);
      const verdict = r.agreement >= minAgreement ? "ok" : "BELOW THRESHOLD: compile would refuse it";
      print(
        `agreement with onnxruntime: ${(r.agreement * 100).toFixed(2)}% of ${r.rows} rows, max score error ${r.maxScoreError.toPrecision(3)} (${verdict})`,
      );
    }
    return;
  }

  const salt = options.get("salt");
  const compiled = await compileModel(onnx, {
    outDir: options.get("out") as string,
    inputMode: mode,
    heldOut,
    minAgreement,
    decisionThreshold,
    weightsSalt: typeof salt === "string" ? BigInt(salt) : undefined,
    publisher: options.get("publisher") as Address | undefined,
    setup: options.has("no-setup") ? false : undefined,
    weights: weightsMode(options.get("weights")),
    attribution: options.has("attribution"),
    log: (msg) => print(`[model] ${msg}`),
  });
  print(
    `circuit ${compiled.id}: ${compiled.constraints} constraints, weights commitment ${compiled.weightsCommitment}`,
  );
  print(`  weights: ${compiled.weightsChoice.mode} (${compiled.weightsChoice.reason})`);
  for (const [what, file] of Object.entries(compiled.files)) print(`  ${what}: ${file}`);
  const registry = options.get("registry");
  const verifier = options.get("verifier");
  if (typeof registry === "string" && typeof verifier === "string") {
    const proposal = registrationProposal(compiled.manifestEntry, {
      registry: registry as Address,
      verifier: verifier as Address,
      artifactBaseURI: (options.get("artifact-base-uri") as string | undefined) ?? "",
    });
    const file = resolve(options.get("out") as string, "proposal.json");
    writeFileSync(file, `${JSON.stringify(proposal, null, 2)}\n`);
    print(`  proposal: ${file}`);
  } else {
    print("  proposal: pass --registry and --verifier (the deployed verifier's address) to write the calldata");
  }
}

/** `audit`: the fairness-audit circuit of a compiled model's shape, and its registration proposal. */
async function audit(compileDir: string, options: ParsedArgs["options"]): Promise<void> {
  const rows = numberOption(options, "rows") as number;
  const compiled = await compileAuditCircuit(compileDir, {
    rows,
    outDir: options.get("out") as string,
    setup: options.has("no-setup") ? false : undefined,
    weights: weightsMode(options.get("weights")),
    log: (msg) => print(`[model] ${msg}`),
  });
  print(`audit circuit ${compiled.id}: ${compiled.constraints} constraints (Groth16 domain 2^${compiled.domainPower})`);
  print(`  model: ${compiled.weightsChoice.mode} (${compiled.weightsChoice.reason})`);
  if (compiled.setupSkipped) print(`  setup skipped: ${compiled.setupSkipped}`);
  for (const [what, file] of Object.entries(compiled.files)) print(`  ${what}: ${file}`);
  const auditRegistry = options.get("audit-registry");
  const verifier = options.get("verifier");
  if (typeof auditRegistry === "string" && typeof verifier === "string") {
    const proposal = auditRegistrationProposal(compiled, {
      auditRegistry: auditRegistry as Address,
      verifier: verifier as Address,
    });
    const file = resolve(options.get("out") as string, "proposal.json");
    writeFileSync(file, `${JSON.stringify(proposal, null, 2)}\n`);
    print(`  proposal: ${file}`);
  } else {
    print("  proposal: pass --audit-registry and --verifier (the deployed verifier's address) to write the calldata");
  }
}

run(process.argv.slice(2))
  // snarkjs keeps its curve's worker threads alive until told to stop
  .then(() => terminateProvers())
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    // a tree or a network the circuit cannot take is the user's to fix, like any compiler error (TreeCircuitError and
    // DenseCircuitError live in the circuits, beside the witnesses the operator node runs)
    if (error instanceof CompilerError || error instanceof TreeCircuitError || error instanceof DenseCircuitError) {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
