import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import {
  type ArtifactRef,
  type BackendArtifacts,
  compileCircuit,
  encodeWtns,
  ensurePtauForDomain,
  inferenceVerifierOptions,
  parseR1cs,
  REPO_ROOT,
  randomSalt,
  renderVerifier,
  SAMPLE_REQUEST,
  setupCircuit,
  sha256Hex,
  sourceHash,
  type VerificationKey,
  WitnessCalculator,
} from "@symbiote/circuits";
import { ceilLog2, computeBinding, decodePublicSignals, type InputMode } from "@symbiote/sdk";
import { groth16, zKey } from "snarkjs";
import { type Address, getAddress } from "viem";
import { GENERATED_DIR } from "../circuit/circuitPaths.ts";
import { writeEntry } from "../circuit/generatedEntry.ts";
import { CompilerError } from "../errors.ts";
import { importOnnx } from "../import/importModel.ts";
import type { ModelIR } from "../ir/model.ts";
import {
  type AgreementReport,
  assertAgreement,
  DEFAULT_MIN_AGREEMENT,
  measureAgreement,
  type Predictor,
} from "../quantize/agreement.ts";
import { quantizeInputs } from "../quantize/fixedPoint.ts";
import { predictQuantized, type QuantizedModel, quantizeModel } from "../quantize/quantizeModel.ts";
import { type CircuitPlan, type GeneratedShape, planBakedCircuit, planCircuit } from "./plan.ts";
import { planTreeCircuit } from "./treePlan.ts";
import { chooseWeights, type WeightsChoice, type WeightsMode } from "./weightsChoice.ts";

export interface CompileOptions {
  outDir: string;
  inputMode?: InputMode;
  /** Held-out feature rows for the agreement check; without them the check is skipped (and reported as such). */
  heldOut?: readonly (readonly number[])[];
  minAgreement?: number;
  /** The linear circuit's decision threshold on the score (default 0: probability 0.5 for a logistic model). */
  decisionThreshold?: number;
  /** Salt of the weights commitment (default: random; keep it with the model, it opens the commitment). */
  weightsSalt?: bigint;
  /**
   * The address that will publish the model (its owner's), recorded in model.json: operators handed the folder serve
   * its weights only for a model that address owns, so a stranger who registers the commitment first, copied from the
   * owner's pending registration, gets a model they will not serve. Without it, operators bind the file on import
   * (`symbiote-oracle models add <folder> --publisher <address>`).
   */
  publisher?: Address;
  /** Run the dev setup, export the verifier and prove a fixture (default: when the circuit fits the dev ptau). */
  setup?: boolean;
  /**
   * Committed weights (default: one circuit for every version of the shape), baked weights (a dense network's
   * version as constants: its own circuit, setup and verifier), or `auto`: compile both for a dense network and keep
   * the one chooseWeights picks from their measured constraint counts (committed for other model kinds).
   */
  weights?: WeightsMode | "auto";
  /**
   * Also prove each feature's gradient x input of the predicted logit (dense networks only). The gradient through
   * private weights would cost a product per weight, so it is proven with baked weights: `weights` must be `baked`
   * or `auto` (which then takes baked).
   */
  attribution?: boolean;
  log?: (msg: string) => void;
}

/** A manifest entry of a generated circuit: circuits/manifest.json's format, with the generated shape. */
export interface GeneratedManifestCircuit {
  id: string;
  shape: GeneratedShape;
  inputMode: InputMode;
  entry: string;
  sourceHash: string;
  publicSignals: CircuitPlan["publicSignals"];
  backends: BackendArtifacts[];
}

export interface CompiledModel {
  id: string;
  /** The quantised linear or dense model; null for a tree ensemble (its integer model is in model.json). */
  quantized: QuantizedModel | null;
  agreement: AgreementReport | null;
  constraints: number;
  weightsCommitment: bigint;
  manifestEntry: GeneratedManifestCircuit;
  /** Paths of what was written (absolute). */
  files: Record<string, string>;
  /** Why the setup did not run, when it did not. */
  setupSkipped?: string;
  /** Committed or baked weights, and why (with both circuits' sizes when `auto` compiled both). */
  weightsChoice: WeightsChoice | { mode: WeightsMode; reason: string };
}

/**
 * The circuit plan of any model the compiler takes, with the predictor its agreement check runs: linear and dense
 * models through quantizeModel, tree ensembles through compileTreeEnsemble.
 */
export function planModel(
  ir: ModelIR,
  inputMode: InputMode,
  decisionThreshold?: number,
): {
  plan: CircuitPlan;
  predict: Predictor;
  quantized: QuantizedModel | null;
  /** The baked circuit of this version under a weights salt (every model kind has one). */
  baked: (weightsSalt: bigint) => CircuitPlan;
} {
  if (ir.kind === "treeEnsemble") return { ...planTreeCircuit(ir, inputMode), quantized: null };
  const quantized = quantizeModel(ir, { decisionThreshold });
  const predict: Predictor = (x) => predictQuantized(quantized, quantizeInputs(x));
  const baked = (salt: bigint) => planBakedCircuit(quantized, inputMode, salt);
  return { plan: planCircuit(quantized, inputMode), predict, quantized, baked };
}

/**
 * The largest Groth16 domain the compiler makes a dev setup for: its dev Powers of Tau took 20 minutes the first time
 * on a loaded 2-core machine, and the key setup a few more. Larger circuits compile without a setup.
 */
export const DEV_SETUP_MAX_POWER = 18;

/** A compile step that cannot go on; the message says what to change. */
export class ModelCompileError extends CompilerError {
  override name = "ModelCompileError";
}

/** The verifier contract's name for a circuit id: classifier30-committed -> Classifier30CommittedVerifier. */
export function verifierContractName(id: string): string {
  return `${id
    .split(/[^A-Za-z0-9]+/)
    .map((part) => (part[0]?.toUpperCase() ?? "") + part.slice(1))
    .join("")}Verifier`;
}

const toJson = (value: unknown) =>
  `${JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

function ref(file: string, committed = true): ArtifactRef {
  const bytes = readFileSync(file);
  return { path: relative(REPO_ROOT, file), sha256: sha256Hex(bytes), bytes: bytes.length, committed };
}

/**
 * Compiles an ONNX model into its circuit: import, quantise, check agreement with onnxruntime (refusing below
 * `minAgreement` with an AgreementError), generate the main component for the model's shape, compile it with circom
 * (--O2, inspector clean), write the owner's model file (quantised parameters, salt, weights commitment) and, when
 * the circuit fits the dev Powers of Tau, run the dev setup (DEV ONLY keys, as circuits:build), export the Groth16
 * verifier and prove a fixture on the first held-out row. Writes a manifest entry in circuits/manifest.json's format.
 */
export async function compileModel(onnx: Uint8Array, options: CompileOptions): Promise<CompiledModel> {
  const log = options.log ?? (() => {});
  const inputMode = options.inputMode ?? "committed";
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, string> = {};

  const ir = importOnnx(onnx);
  const planned = planModel(ir, inputMode, options.decisionThreshold);
  const { predict, quantized } = planned;
  let agreement: AgreementReport | null = null;
  if (options.heldOut && options.heldOut.length > 0) {
    agreement = await measureAgreement(onnx, predict, options.heldOut, options.minAgreement ?? DEFAULT_MIN_AGREEMENT);
    files.agreement = resolve(outDir, "agreement.json");
    writeFileSync(files.agreement, toJson(agreement));
    log(
      `agreement with onnxruntime: ${(agreement.agreement * 100).toFixed(2)}% of ${agreement.rows} rows, max score error ${agreement.maxScoreError.toPrecision(3)}`,
    );
    assertAgreement(agreement);
  } else {
    log("no held-out rows: agreement not checked (pass --heldout)");
  }

  const weightsSalt = options.weightsSalt ?? randomSalt();
  const { plan, entry, compiled, r1cs, weightsChoice } = options.attribution
    ? await compileAttribution(planned, inputMode, weightsSalt, options.weights, resolve(outDir, "build"), log)
    : await compileChosenCircuit(
        planned.plan,
        () => planned.baked(weightsSalt),
        options.weights ?? "committed",
        resolve(outDir, "build"),
        log,
      );
  if (weightsChoice.mode === "baked") {
    log(
      `${plan.id}: the weights are constants of this circuit: its wasm and zkey reveal them to whoever fetches the artifacts, and another version needs its own compile, setup, verifier and registration`,
    );
  }
  files.entry = resolve(outDir, `${plan.id}.circom`);
  copyFileSync(entry, files.entry);
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  log(`${plan.id}: ${r1cs.nConstraints} constraints, ${nPublic} public signals`);

  const weightsCommitment = plan.weightsCommitment(weightsSalt);
  files.model = resolve(outDir, "model.json");
  writeFileSync(
    files.model,
    toJson({
      circuit: plan.id,
      note: "The quantised model and the salt that opens its weights commitment: keep this file private.",
      parameters: plan.parameters,
      weightsSalt,
      weightsCommitment,
      ...(options.publisher === undefined ? {} : { publisher: getAddress(options.publisher) }),
    }),
  );

  const backend: BackendArtifacts = {
    backend: "groth16",
    optimization: "O2",
    constraints: r1cs.nConstraints,
    r1cs: ref(compiled.r1cs),
    wasm: ref(compiled.wasm),
    vkey: { path: "", sha256: "", bytes: 0 },
    zkey: { path: "", sha256: "", bytes: 0 },
    verifier: { contract: verifierContractName(plan.id), path: "", sha256: "" },
    fixture: { path: "", sha256: "", bytes: 0 },
    setup: { kind: "none" },
  };
  let setupSkipped: string | undefined;
  const domainPower = Math.max(10, ceilLog2(r1cs.nConstraints + nPublic + 1));
  if (options.setup === false) setupSkipped = "not requested";
  else if (domainPower > DEV_SETUP_MAX_POWER) {
    setupSkipped = `${r1cs.nConstraints} constraints need a 2^${domainPower} Powers of Tau, above the dev setup's 2^${DEV_SETUP_MAX_POWER}; run a ceremony with a larger ptau (docs/circuits.md)`;
    if (options.setup) throw new ModelCompileError(`${plan.id}: ${setupSkipped}.`, "Compile without --setup.");
  }
  if (setupSkipped) log(`${plan.id}: setup skipped: ${setupSkipped}`);
  else {
    const ptau = await ensurePtauForDomain(log, domainPower);
    Object.assign(files, await devSetup(plan, compiled, ptau, outDir, weightsSalt, options.heldOut?.[0], backend, log));
  }
  const manifestEntry: GeneratedManifestCircuit = {
    id: plan.id,
    shape: plan.shape,
    inputMode,
    entry: relative(REPO_ROOT, entry),
    sourceHash: sourceHash(relative(REPO_ROOT, entry)),
    publicSignals: plan.publicSignals,
    backends: [backend],
  };
  files.manifestEntry = resolve(outDir, "manifest-entry.json");
  writeFileSync(files.manifestEntry, toJson(manifestEntry));
  return {
    id: plan.id,
    quantized,
    agreement,
    constraints: r1cs.nConstraints,
    weightsCommitment,
    manifestEntry,
    files,
    ...(setupSkipped ? { setupSkipped } : {}),
    weightsChoice,
  };
}

type CompiledCircuit = {
  plan: CircuitPlan;
  entry: string;
  compiled: Awaited<ReturnType<typeof compileCircuit>>;
  r1cs: ReturnType<typeof parseR1cs>;
};

/** Generates a plan's main component, compiles it with circom (--O2, inspector clean) and checks its layout. */
async function compilePlan(plan: CircuitPlan, buildDir: string, log: (msg: string) => void): Promise<CompiledCircuit> {
  const entryDir = resolve(GENERATED_DIR, plan.id);
  const entry = writeEntry(entryDir, plan.id, plan.source(entryDir));
  log(`${plan.id}: compiling (--O2 --inspect)`);
  const compiled = await compileCircuit(entry, buildDir, "O2");
  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  if (nPublic !== plan.publicSignals.length) {
    throw new ModelCompileError(
      `${plan.id} has ${nPublic} public signals but its layout lists ${plan.publicSignals.length}.`,
      "The generator and the layout disagree: report this as a compiler bug.",
    );
  }
  return { plan, entry, compiled, r1cs };
}

/** Removes a compiled circuit's outputs (r1cs, symbols, witness generator) from the build folder. */
function removeCompiled({ compiled }: CompiledCircuit): void {
  for (const file of [compiled.r1cs, compiled.sym]) rmSync(file, { force: true });
  rmSync(dirname(compiled.wasm), { recursive: true, force: true });
}

/**
 * Compiles the circuit of the weights mode asked for: the committed-weights plan, this version's baked circuit, or
 * for `auto` both and keeps the one chooseWeights picks by their measured constraints, removing the other's build
 * outputs.
 */
async function compileChosenCircuit(
  committedPlan: CircuitPlan,
  bakedPlan: () => CircuitPlan,
  weights: WeightsMode | "auto",
  buildDir: string,
  log: (msg: string) => void,
): Promise<CompiledCircuit & { weightsChoice: CompiledModel["weightsChoice"] }> {
  if (weights === "committed") {
    const reason = "committed weights asked for: one circuit, setup and verifier for every version of the shape";
    return { ...(await compilePlan(committedPlan, buildDir, log)), weightsChoice: { mode: "committed", reason } };
  }
  const baked = await compilePlan(bakedPlan(), buildDir, log);
  if (weights === "baked") {
    return {
      ...baked,
      weightsChoice: {
        mode: "baked",
        reason: "baked weights asked for: this version's own circuit, setup and verifier",
      },
    };
  }
  const committed = await compilePlan(committedPlan, buildDir, log);
  const cost = (c: CompiledCircuit) => ({
    constraints: c.r1cs.nConstraints,
    publicSignals: c.r1cs.nOutputs + c.r1cs.nPublicInputs,
  });
  const choice = chooseWeights(cost(committed), cost(baked));
  log(`weights: ${choice.mode} (${choice.reason})`);
  const [kept, dropped] = choice.mode === "baked" ? [baked, committed] : [committed, baked];
  removeCompiled(dropped);
  return { ...kept, weightsChoice: choice };
}

/**
 * Compiles a dense network's baked circuit with its proven attribution. Refused for other model kinds (a linear
 * model's contributions and a tree's decision path are their explanation already) and for committed weights.
 */
async function compileAttribution(
  planned: ReturnType<typeof planModel>,
  inputMode: InputMode,
  weightsSalt: bigint,
  weights: WeightsMode | "auto" | undefined,
  buildDir: string,
  log: (msg: string) => void,
): Promise<CompiledCircuit & { weightsChoice: CompiledModel["weightsChoice"] }> {
  const { quantized } = planned;
  if (quantized?.kind !== "dense") {
    throw new ModelCompileError(
      `${planned.plan.id}: --attribution proves a dense network's gradient x input; a linear model's per-feature contributions and a tree ensemble's decision paths are proven without it.`,
      "Compile this model without --attribution.",
    );
  }
  if (weights !== "baked" && weights !== "auto") {
    throw new ModelCompileError(
      `${planned.plan.id}: the attribution is proven with baked weights (through private weights it would cost a product per weight).`,
      "Add --weights baked (or auto), or compile without --attribution.",
    );
  }
  const plan = planBakedCircuit(quantized, inputMode, weightsSalt, { attribution: true });
  const compiled = await compilePlan(plan, buildDir, log);
  const reason = "a proven attribution asked for: this version's own circuit, setup and verifier";
  return { ...compiled, weightsChoice: { mode: "baked", reason } };
}

/** Dev setup (DEV ONLY: a public beacon is its only randomness), the verifier, and a fixture proof that verifies. */
async function devSetup(
  plan: CircuitPlan,
  compiled: { r1cs: string; wasm: string },
  ptau: string,
  outDir: string,
  weightsSalt: bigint,
  row: readonly number[] | undefined,
  backend: BackendArtifacts,
  log: (msg: string) => void,
): Promise<Record<string, string>> {
  const work = resolve(outDir, "groth16");
  mkdirSync(work, { recursive: true });
  log(`${plan.id}: dev setup (Groth16 phase 2 with the public dev beacon: DEV ONLY, forgeable)`);
  const { zkey } = await setupCircuit("groth16", compiled.r1cs, ptau, work, plan.id);
  const vkey = (await zKey.exportVerificationKey(zkey)) as VerificationKey;
  const vkeyFile = resolve(work, "vkey.json");
  writeFileSync(vkeyFile, toJson(vkey));
  const contract = backend.verifier.contract;
  const verifierFile = resolve(work, `${contract}.sol`);
  writeFileSync(
    verifierFile,
    renderVerifier("groth16", vkey, contract, plan.id, inferenceVerifierOptions(plan.id, plan.publicSignals)),
  );

  log(`${plan.id}: proving a fixture`);
  const features = quantizeInputs(row ? Array.from(Float32Array.from(row)) : new Array(inputCount(plan)).fill(0));
  const call = plan.call(features, {
    binding: computeBinding(SAMPLE_REQUEST),
    weightsSalt,
    inputSalt: 1n,
  });
  const calculator = await WitnessCalculator.create(readFileSync(compiled.wasm));
  const witness = calculator.calculate(call.input);
  const { proof, publicSignals } = await groth16.prove(zkey, { type: "mem", data: encodeWtns(witness) });
  const expected = call.publicSignals.map(String);
  if (publicSignals.join() !== expected.join() || !(await groth16.verify(vkey, publicSignals, proof))) {
    throw new ModelCompileError(`${plan.id}: the fixture proof does not verify against the integer reference.`);
  }
  const fixtureFile = resolve(work, "fixture.json");
  const decoded = decodePublicSignals(plan.publicSignals, call.publicSignals);
  writeFileSync(fixtureFile, toJson({ circuit: plan.id, backend: "groth16", publicSignals, decoded, proof }));

  backend.zkey = ref(zkey, false);
  backend.vkey = ref(vkeyFile);
  backend.verifier = {
    contract,
    path: relative(REPO_ROOT, verifierFile),
    sha256: sha256Hex(readFileSync(verifierFile)),
  };
  backend.fixture = ref(fixtureFile);
  backend.setup = { kind: "dev" };
  return { zkey, vkey: vkeyFile, verifier: verifierFile, fixture: fixtureFile };
}

function inputCount(plan: CircuitPlan): number {
  const shape = plan.shape;
  if (shape.family === "dense") return shape.widths[0] as number;
  if (shape.family === "recommender") return shape.d;
  if (shape.family === "trees") return shape.features;
  return shape.n;
}
