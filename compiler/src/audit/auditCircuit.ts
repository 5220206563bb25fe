import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type AuditArtifacts,
  type AuditCircuitCall,
  AuditProver,
  type AuditRow,
  assertBinaryTreeEnsemble,
  type CompiledModelFile,
  classifierAuditCall,
  classifierBakedAuditCall,
  classifierWeightVector,
  compileCircuit,
  computeWeightsCommitment,
  ensurePtauForDomain,
  parseCompiledModelFile,
  parseR1cs,
  renderVerifier,
  SeededRandom,
  setupCircuit,
  type TreeEnsembleShape,
  treeAuditCall,
  unpackAuditCounts,
  type VerificationKey,
} from "@symbiote/circuits";
import { ceilLog2 } from "@symbiote/sdk";
import { zKey } from "snarkjs";
import { bakedCircuitIdOf } from "../circuit/bakedEntry.ts";
import { GENERATED_DIR, includeLib } from "../circuit/circuitPaths.ts";
import { writeEntry } from "../circuit/generatedEntry.ts";
import { DEV_SETUP_MAX_POWER, type GeneratedManifestCircuit, verifierContractName } from "../compile/compileModel.ts";
import { chooseWeights, type WeightsChoice, type WeightsMode } from "../compile/weightsChoice.ts";
import { CompilerError } from "../errors.ts";
import { bakedClassifierAuditSource } from "./bakedAuditSource.ts";

/** A compiled model folder whose model cannot be audited, or an audit size the circuits cannot take. */
export class AuditCircuitError extends CompilerError {
  override name = "AuditCircuitError";
}

/** What an audit circuit evaluates: a linear classifier over `features`, or a one-column tree ensemble. */
export type AuditedShape = { kind: "classifier"; features: number } | { kind: "trees"; ensemble: TreeEnsembleShape };

export interface AuditCircuitOptions {
  /** Rows of every audit set the circuit proves (the AuditRegistry records it; sets of another size are refused). */
  rows: number;
  outDir: string;
  /** Run the dev setup, export the verifier and prove a fixture (default: when the circuit fits the dev setup). */
  setup?: boolean;
  /** Seed of the fixture's synthetic audit set. */
  seed?: bigint;
  /**
   * The model as private inputs opened against its commitment (`committed`, the default: one circuit for every version
   * of the shape), as constants (`baked`: one version, a smaller circuit; linear classifiers only), or `auto`: both
   * compiled, baked kept only when it needs a smaller Groth16 domain (chooseWeights). Tree ensembles take `committed`.
   */
  weights?: WeightsMode | "auto";
  log?: (msg: string) => void;
}

export interface CompiledAuditCircuit {
  id: string;
  shape: AuditedShape;
  rows: number;
  features: number;
  constraints: number;
  /** The compiled model's weights commitment (model.json): the one its audits prove against. */
  weightsCommitment: bigint;
  /** The Groth16 domain the circuit needs. */
  domainPower: number;
  /** Committed or baked model, and why (with `auto`, the two circuits' domains). */
  weightsChoice: WeightsChoice | { mode: WeightsMode; reason: string };
  /** Where the circuit's prover finds its files (`audit-circuit.json` in the out folder). */
  artifacts: AuditArtifacts;
  files: Record<string, string>;
  setupSkipped?: string;
}

/** The largest audit set a circuit takes: the counts' lanes are 16 bits (circuits/lib/audit_params.circom). */
const AUDIT_MAX_ROWS = 2 ** 16 - 1;

const toJson = (value: unknown) =>
  `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) {
    throw new AuditCircuitError(`${path} is missing: ${what}.`, "Pass the folder `npm run model -- compile` wrote.");
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * What a compiled model's audit circuit evaluates, from its compile folder's manifest entry: linear classifiers and
 * tree ensembles with one score column have a fairness-audit template; dense networks and multi-column ensembles do
 * not (their decision is an arg-max over several outputs, not the one threshold an audit counts).
 */
export function auditedShape(entry: GeneratedManifestCircuit): AuditedShape {
  const shape = entry.shape;
  if (shape.family === "classifier") return { kind: "classifier", features: shape.n };
  if (shape.family === "trees") {
    const ensemble = { trees: shape.trees, depth: shape.depth, features: shape.features, columns: shape.columns };
    try {
      assertBinaryTreeEnsemble(ensemble);
    } catch (error) {
      throw new AuditCircuitError(
        `${entry.id}: ${(error as Error).message}`,
        "An audit counts one yes/no decision per row: audit a binary classifier (one score column).",
      );
    }
    return { kind: "trees", ensemble };
  }
  throw new AuditCircuitError(
    `${entry.id} is a ${shape.family} model; fairness-audit circuits exist for linear classifiers and tree ensembles.`,
    "Audit a logistic model or a tree ensemble (docs/audit.md).",
  );
}

/** The audit circuit's id: the model shape without its input mode (an audit takes private rows either way). */
export function auditCircuitId(shape: AuditedShape, rows: number): string {
  if (shape.kind === "classifier") return `classifier${shape.features}-audit${rows}`;
  const e = shape.ensemble;
  return `trees${e.trees}x${e.depth}x${e.features}x${e.columns}-audit${rows}`;
}

/** The main component: the library's audit template at this shape, its two commitments public. */
function auditSource(shape: AuditedShape, rows: number, entryDir: string): string {
  const [file, call] =
    shape.kind === "classifier"
      ? ["fairness_audit.circom", `ClassifierFairnessAudit(${rows}, ${shape.features})`]
      : [
          "tree_fairness_audit.circom",
          `TreeEnsembleFairnessAudit(${rows}, ${shape.ensemble.trees}, ${shape.ensemble.depth}, ${shape.ensemble.features}, ${shape.ensemble.columns})`,
        ];
  return [
    "pragma circom 2.1.9;",
    "",
    includeLib(entryDir, file),
    "",
    `// Generated by npm run model -- audit: a fairness audit of ${rows} rows (docs/audit.md).`,
    "// Public signals: counts (12 packed per-group counts), auditSetCommitment, weightsCommitment.",
    `component main {public [auditSetCommitment, weightsCommitment]} = ${call};`,
    "",
  ].join("\n");
}

/**
 * A synthetic audit set for the fixture proof: features drawn around the model's own thresholds (trees) or in
 * [-2, 2) (classifiers), at the model's feature scale; groups alternate, a third of the rows unlabeled.
 */
function fixtureRows(shape: AuditedShape, rows: number, seed: bigint, thresholds: bigint[]): AuditRow[] {
  const rng = new SeededRandom(seed);
  const features = shape.kind === "classifier" ? shape.features : shape.ensemble.features;
  return Array.from({ length: rows }, (_, r) => ({
    features: Array.from({ length: features }, () => {
      const near =
        thresholds.length > 0 ? (thresholds[Number(rng.next64() % BigInt(thresholds.length))] as bigint) : 0n;
      return thresholds.length > 0 ? near + rng.signed(1n << 12n) : rng.signed(2n << 16n);
    }),
    group: (r % 2) as 0 | 1,
    label: r % 3 === 2 ? undefined : rng.next64() % 2n === 1n,
  }));
}

/** The fixture's circuit call: the compiled model itself (its model.json and salt) on the synthetic rows. */
function fixtureCall(
  shape: AuditedShape,
  file: CompiledModelFile,
  rows: number,
  seed: bigint,
  baked: boolean,
): AuditCircuitCall {
  const { weightsSalt, declaredCommitment: weightsCommitment, served } = file;
  const auditSalt = seed + 1n;
  if (shape.kind === "classifier") {
    if (served.family !== "classifier") throw new AuditCircuitError(`model.json holds a ${served.family} model.`);
    const auditRows = fixtureRows(shape, rows, seed, []);
    const witness = { model: served.model, weightsSalt, weightsCommitment, rows: auditRows, auditSalt };
    return baked ? classifierBakedAuditCall(witness, rows) : classifierAuditCall(witness, rows);
  }
  if (served.family !== "trees") throw new AuditCircuitError(`model.json holds a ${served.family} model.`);
  const { layout } = served.model;
  const thresholds = layout.trees.flatMap((t) => t.nodes.map((n) => n.threshold)).filter((t) => t < 1n << 22n);
  const auditRows = fixtureRows(shape, rows, seed, thresholds);
  return treeAuditCall(
    { layout, weightsSalt, weightsCommitment, rows: auditRows, auditSalt },
    { rows, ...shape.ensemble },
  );
}

type CompiledChoice = {
  id: string;
  entry: string;
  compiled: Awaited<ReturnType<typeof compileCircuit>>;
  r1cs: ReturnType<typeof parseR1cs>;
  domainPower: number;
  weightsChoice: CompiledAuditCircuit["weightsChoice"];
};

/** Writes and compiles one audit entry (under compiler/out/<id>/, where circom reaches the library). */
async function compileAuditEntry(
  id: string,
  source: (entryDir: string) => string,
  buildDir: string,
  log: (msg: string) => void,
): Promise<Omit<CompiledChoice, "weightsChoice">> {
  const entryDir = resolve(GENERATED_DIR, id);
  const entry = writeEntry(entryDir, id, source(entryDir));
  log(`${id}: compiling (--O2, inspector clean)`);
  const compiled = await compileCircuit(entry, buildDir, "O2");
  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  const domainPower = Math.max(10, ceilLog2(r1cs.nConstraints + nPublic + 1));
  log(`${id}: ${r1cs.nConstraints} constraints, ${nPublic} public signals, Groth16 domain 2^${domainPower}`);
  return { id, entry, compiled, r1cs, domainPower };
}

/** Removes a compiled circuit's build outputs (the one `auto` did not keep). */
function removeBuild(compiled: CompiledChoice["compiled"]): void {
  for (const file of [compiled.r1cs, compiled.sym]) rmSync(file, { force: true });
  rmSync(resolve(compiled.wasm, ".."), { recursive: true, force: true });
}

/** Compiles the committed-model audit, the baked one, or both and keeps the one chooseWeights picks. */
async function compileChosen(
  shape: AuditedShape,
  modelFile: CompiledModelFile,
  rows: number,
  buildDir: string,
  weights: WeightsMode | "auto",
  log: (msg: string) => void,
): Promise<CompiledChoice> {
  const committedId = auditCircuitId(shape, rows);
  const committed = () => compileAuditEntry(committedId, (dir) => auditSource(shape, rows, dir), buildDir, log);
  if (weights === "committed" || (weights === "auto" && shape.kind !== "classifier")) {
    const reason =
      weights === "auto" ? "tree-ensemble audits prove a committed model" : "one circuit for every version (default)";
    return { ...(await committed()), weightsChoice: { mode: "committed", reason } };
  }
  const { served, declaredCommitment } = modelFile;
  if (shape.kind !== "classifier" || served.family !== "classifier") {
    throw new AuditCircuitError(
      `--weights ${weights}: baked audits exist for linear classifiers; ${committedId} audits a ${shape.kind === "trees" ? "tree ensemble" : served.family} model.`,
      "Leave --weights out (committed), or audit a logistic model.",
    );
  }
  // the circuit pins the declared commitment as a constant and evaluates these weights: they must be what it opens,
  // or the audit would be another model's recorded under this version (the committed circuit checks it in-circuit)
  if (
    computeWeightsCommitment("classifier", classifierWeightVector(served.model), modelFile.weightsSalt) !==
    declaredCommitment
  ) {
    throw new AuditCircuitError(
      `${committedId}: model.json's weights and salt do not open its weightsCommitment ${declaredCommitment}; a baked audit would prove another model under that version.`,
      "Use the model.json `npm run model -- compile` wrote for the registered version, unedited.",
    );
  }
  const bakedId = bakedCircuitIdOf(committedId, declaredCommitment);
  const baked = await compileAuditEntry(
    bakedId,
    (dir) => bakedClassifierAuditSource(served.model, rows, declaredCommitment, dir),
    buildDir,
    log,
  );
  if (weights === "baked") {
    return { ...baked, weightsChoice: { mode: "baked", reason: "requested: one version, its weights as constants" } };
  }
  const other = await committed();
  const cost = (c: typeof baked) => ({
    constraints: c.r1cs.nConstraints,
    publicSignals: c.r1cs.nOutputs + c.r1cs.nPublicInputs,
  });
  const weightsChoice = chooseWeights(cost(other), cost(baked));
  const [kept, dropped] = weightsChoice.mode === "baked" ? [baked, other] : [other, baked];
  removeBuild(dropped.compiled);
  log(`${kept.id}: ${weightsChoice.mode} model kept (${weightsChoice.reason})`);
  return { ...kept, weightsChoice };
}

/**
 * Compiles the fairness-audit circuit of a compiled model's shape for audit sets of `rows` rows: the generated entry
 * (under compiler/out/<id>/, where circom reaches the library), the r1cs and wasm, and, when its domain fits the dev
 * setup (2^DEV_SETUP_MAX_POWER), the DEV Groth16 key (public beacon: forgeable, never for production), the
 * verification key, the Solidity verifier and a fixture proof of the compiled model itself on a synthetic set that
 * verified. Writes `audit-circuit.json` (the AuditArtifacts the provers load, the weights mode and the version's
 * commitment) into `outDir`. `options.weights` chooses a committed model (one circuit per shape) or this version's
 * weights baked in (one circuit per version, smaller).
 *
 * @throws {AuditCircuitError} the folder is not a compile output, its model has no audit template, `rows` is out of
 * range, or baked weights are asked of a tree ensemble.
 */
export async function compileAuditCircuit(
  compileDir: string,
  options: AuditCircuitOptions,
): Promise<CompiledAuditCircuit> {
  const log = options.log ?? (() => {});
  const { rows } = options;
  if (!Number.isInteger(rows) || rows < 1 || rows > AUDIT_MAX_ROWS) {
    throw new AuditCircuitError(`--rows ${rows}: an audit set has 1 to ${AUDIT_MAX_ROWS} rows.`);
  }
  const entry = readJson(
    resolve(compileDir, "manifest-entry.json"),
    "the compiled circuit's manifest entry",
  ) as GeneratedManifestCircuit;
  const modelPath = resolve(compileDir, "model.json");
  const modelFile = parseCompiledModelFile(readJson(modelPath, "the quantised model and its salt"), modelPath);
  const shape = auditedShape(entry);
  const features = shape.kind === "classifier" ? shape.features : shape.ensemble.features;
  const outDir = resolve(options.outDir);
  const buildDir = resolve(outDir, "build");
  mkdirSync(buildDir, { recursive: true });

  const choice = await compileChosen(shape, modelFile, rows, buildDir, options.weights ?? "committed", log);
  const { id, compiled, r1cs, domainPower, weightsChoice } = choice;

  const artifacts: AuditArtifacts = {
    id,
    rows,
    features,
    wasm: compiled.wasm,
    zkey: resolve(outDir, "groth16", "circuit.zkey"),
    vkey: resolve(outDir, "groth16", "vkey.json"),
  };
  const files: Record<string, string> = { entry: choice.entry, r1cs: compiled.r1cs, wasm: compiled.wasm };
  let setupSkipped: string | undefined;
  if (options.setup === false) setupSkipped = "not requested";
  else if (domainPower > DEV_SETUP_MAX_POWER) {
    setupSkipped = `the circuit needs a 2^${domainPower} Powers of Tau, above the dev setup's 2^${DEV_SETUP_MAX_POWER}; run a ceremony (docs/circuits.md) or audit fewer rows`;
    if (options.setup) throw new AuditCircuitError(`${id}: ${setupSkipped}.`);
  }
  if (setupSkipped) log(`${id}: setup skipped: ${setupSkipped}`);
  else {
    const seed = options.seed ?? 19n;
    const baked = weightsChoice.mode === "baked";
    Object.assign(files, await devSetup(id, shape, modelFile, baked, artifacts, compiled.r1cs, domainPower, seed, log));
  }

  files.artifacts = resolve(outDir, "audit-circuit.json");
  writeFileSync(
    files.artifacts,
    toJson({
      ...artifacts,
      model: entry.id,
      shape,
      constraints: r1cs.nConstraints,
      domainPower,
      weights: weightsChoice.mode,
      // a baked circuit proves this version only: trainer audit checks the compile folder it is given against it
      weightsCommitment: modelFile.declaredCommitment,
    }),
  );
  return {
    id,
    shape,
    rows,
    features,
    constraints: r1cs.nConstraints,
    weightsCommitment: modelFile.declaredCommitment,
    domainPower,
    weightsChoice,
    artifacts,
    files,
    ...(setupSkipped ? { setupSkipped } : {}),
  };
}

/** Dev setup, verification key, verifier, and a fixture proof of the compiled model that must verify. */
async function devSetup(
  id: string,
  shape: AuditedShape,
  modelFile: CompiledModelFile,
  baked: boolean,
  artifacts: AuditArtifacts,
  r1cs: string,
  domainPower: number,
  seed: bigint,
  log: (msg: string) => void,
): Promise<Record<string, string>> {
  const work = resolve(artifacts.zkey, "..");
  mkdirSync(work, { recursive: true });
  const ptau = await ensurePtauForDomain(log, domainPower);
  log(`${id}: dev setup over ${ptau} (public beacon: DEV ONLY, forgeable)`);
  // writes <work>/circuit.zkey, which is artifacts.zkey, over an intermediate key that is then removed
  await setupCircuit("groth16", r1cs, ptau, work, id);
  rmSync(resolve(work, "circuit_0000.zkey"), { force: true });
  const vkey = (await zKey.exportVerificationKey(artifacts.zkey)) as VerificationKey;
  writeFileSync(artifacts.vkey, toJson(vkey));
  const contract = verifierContractName(id);
  const verifierFile = resolve(work, `${contract}.sol`);
  // an audit's signals are not an inference's: no weights-base entry points
  writeFileSync(verifierFile, renderVerifier("groth16", vkey, contract, id, { inference: false }));

  log(`${id}: proving a fixture (the compiled model on a synthetic set of ${artifacts.rows} rows)`);
  const call = fixtureCall(shape, modelFile, artifacts.rows, seed, baked);
  const prover = await AuditProver.load(artifacts);
  const proven = await prover.prove(call);
  const expected = call.publicSignals.map(String);
  if (
    proven.publicSignals.map(String).join() !== expected.join() ||
    !(await prover.verify(proven.proof, proven.publicSignals))
  ) {
    throw new AuditCircuitError(`${id}: the fixture proof does not verify against the reference counts.`);
  }
  const fixtureFile = resolve(work, "fixture.json");
  const [counts] = call.publicSignals;
  writeFileSync(
    fixtureFile,
    toJson({
      circuit: id,
      backend: "groth16",
      publicSignals: proven.publicSignals,
      counts: unpackAuditCounts(counts as bigint),
      proof: proven.proof,
      proofMs: Math.round(proven.proofMs),
    }),
  );
  return { zkey: artifacts.zkey, vkey: artifacts.vkey, verifier: verifierFile, fixture: fixtureFile };
}
