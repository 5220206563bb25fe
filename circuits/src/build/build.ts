/**
 * npm run circuits:build [-- --force] [-- --only <circuit id>]
 *
 * For every circuit in circuits.ts whose sources changed (or all, with --force): compile with circom 2
 * (--inspect must be clean), run the DEV trusted setup (reproducible, public randomness only: forgeable by anyone), export the verification key and the Solidity verifier
 * into contracts/verifiers/, copy what tests and the oracle need into circuits/build/<id>/<backend>/, prove a
 * fixture into test/fixtures/zk/, and record everything with content hashes in circuits/manifest.json.
 * Intermediates (ptau, first zkeys, compiler output) stay in circuits/.work/ (git-ignored).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { FIELD_MODULUS, FRAC_BITS, publicSignalLayout } from "@symbiote/sdk";
import { zKey } from "snarkjs";
import {
  type ArtifactRef,
  type Backend,
  type BackendArtifacts,
  MANIFEST_PATH,
  type Manifest,
  type ManifestCircuit,
  sha256Hex,
} from "../manifest.ts";
import { CircuitProver, terminateProvers } from "../prover.ts";
import { parseR1cs } from "../r1cs.ts";
import { CIRCUITS, type CircuitSpec } from "./circuits.ts";
import { compileCircuit } from "./compile.ts";
import { writeFixture } from "./fixtures.ts";
import { ensurePtau, PTAU_POWER, WORK_DIR } from "./ptau.ts";
import { exportVerifier, inferenceVerifierOptions, setupCircuit } from "./setup.ts";
import { REPO_ROOT, sourceHash, toolchainId } from "./sourceHash.ts";

// Groth16 proving keys are committed (the oracle and the demo prove every model on a fresh clone; the largest, the
// MLP's, is 12 MB); PLONK keys (~40 MB, dev alternative) are rebuilt on demand.
const MAX_COMMITTED_ZKEY_BYTES = 24 * 1024 * 1024;
const VERIFIER_DIR = "contracts/verifiers";

const log = (msg: string) => console.log(`[circuits:build] ${msg}`);

function ref(path: string): ArtifactRef {
  const bytes = readFileSync(resolve(REPO_ROOT, path));
  return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
}

function place(from: string, to: string): string {
  mkdirSync(dirname(resolve(REPO_ROOT, to)), { recursive: true });
  copyFileSync(from, resolve(REPO_ROOT, to));
  return to;
}

function readManifest(): Manifest | undefined {
  const file = resolve(REPO_ROOT, MANIFEST_PATH);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Manifest) : undefined;
}

/** True when every committed artifact of a manifest entry is on disk with the recorded hash. */
function intact(circuit: ManifestCircuit): boolean {
  return circuit.backends.every((b) =>
    [b.wasm, b.vkey, b.fixture, b.zkey, ...(b.r1cs ? [b.r1cs] : [])].every((a) => {
      if (a.committed === false) return true;
      const file = resolve(REPO_ROOT, a.path);
      return existsSync(file) && sha256Hex(readFileSync(file)) === a.sha256;
    }),
  );
}

async function buildBackend(
  spec: CircuitSpec,
  backend: Backend,
  ptau: string,
  circuit: ManifestCircuit,
): Promise<BackendArtifacts> {
  const optimization = backend === "groth16" ? "O2" : "O1";
  const work = resolve(WORK_DIR, spec.id, backend);
  rmSync(work, { recursive: true, force: true });
  log(`${spec.id} [${backend}]: compiling (--${optimization} --inspect)`);
  const compiled = await compileCircuit(spec.entry, work, optimization);
  const r1cs = parseR1cs(readFileSync(compiled.r1cs));
  const nPublic = r1cs.nOutputs + r1cs.nPublicInputs;
  if (nPublic !== circuit.publicSignals.length) {
    throw new Error(
      `${spec.id}: the circuit has ${nPublic} public signals, the layout lists ${circuit.publicSignals.length}`,
    );
  }
  checkLayoutAgainstSym(spec.id, compiled.sym, circuit);
  if (backend === "groth16" && r1cs.nConstraints + nPublic + 1 > 2 ** PTAU_POWER) {
    throw new Error(
      `${spec.id}: ${r1cs.nConstraints} constraints exceed the 2^${PTAU_POWER} dev ptau; raise PTAU_POWER`,
    );
  }
  log(`${spec.id} [${backend}]: ${r1cs.nConstraints} constraints, ${nPublic} public signals; setup`);
  const { zkey: zkeyFile, plonkGates } = await setupCircuit(backend, compiled.r1cs, ptau, work, spec.id);
  const vkey = await zKey.exportVerificationKey(zkeyFile);
  writeFileSync(`${work}/vkey.json`, `${JSON.stringify(vkey, null, 2)}\n`);
  const contract = spec.verifiers[backend] as string;
  const verifierPath = `${VERIFIER_DIR}/${contract}.sol`;
  writeFileSync(
    resolve(REPO_ROOT, verifierPath),
    await exportVerifier(
      backend,
      zkeyFile,
      contract,
      spec.id,
      inferenceVerifierOptions(spec.id, circuit.publicSignals),
    ),
  );

  const out = `circuits/build/${spec.id}/${backend}`;
  rmSync(resolve(REPO_ROOT, out), { recursive: true, force: true });
  const zkeyBytes = statSync(zkeyFile).size;
  const committed = backend === "groth16" && zkeyBytes <= MAX_COMMITTED_ZKEY_BYTES;
  const zkeyPath = committed
    ? place(zkeyFile, `${out}/circuit.zkey`)
    : `circuits/.work/${spec.id}/${backend}/circuit.zkey`;
  // a prover needs wasm and zkey together; Groth16 wasm is also what the witness-level tests run
  const keepWasm = committed || backend === "groth16";
  const wasmPath = keepWasm ? place(compiled.wasm, `${out}/circuit.wasm`) : relative(REPO_ROOT, compiled.wasm);
  const artifacts: BackendArtifacts = {
    backend,
    optimization,
    constraints: r1cs.nConstraints,
    // Groth16: the witness-level tests run it; PLONK: the ceremony derives the key from it (plonk setup)
    r1cs: ref(place(compiled.r1cs, `${out}/circuit.r1cs`)),
    wasm: { ...ref(wasmPath), committed: keepWasm },
    vkey: ref(place(`${work}/vkey.json`, `${out}/vkey.json`)),
    zkey: { ...ref(zkeyPath), committed },
    verifier: { contract, path: verifierPath, sha256: ref(verifierPath).sha256 },
    fixture: { path: "", sha256: "", bytes: 0 },
  };
  if (plonkGates !== undefined) artifacts.plonkGates = plonkGates;

  log(`${spec.id} [${backend}]: proving the fixture`);
  const manifestForProver = { circuits: [{ ...circuit, backends: [artifacts] }] } as unknown as Manifest;
  const prover = await CircuitProver.load(spec.id, backend, { manifest: manifestForProver });
  artifacts.fixture = ref(await writeFixture(circuit, prover, contract));
  return artifacts;
}

/** The .sym file names wires 1..nPublic; they must be the layout's signals, in the layout's order. */
function checkLayoutAgainstSym(id: string, symFile: string, circuit: ManifestCircuit): void {
  const byWire = new Map<number, string>();
  for (const line of readFileSync(symFile, "utf8").split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name?.startsWith("main.") && !name.slice(5).includes(".")) byWire.set(Number(wire), name.slice(5));
  }
  circuit.publicSignals.forEach((signal, i) => {
    const found = byWire.get(i + 1);
    if (found !== signal.signal)
      throw new Error(`${id}: public signal ${i} is ${found} in the circuit but ${signal.signal} in the layout`);
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const previous = readManifest();
  const started = performance.now();
  mkdirSync(resolve(REPO_ROOT, VERIFIER_DIR), { recursive: true });

  let ptau: string | undefined;
  const circuits: ManifestCircuit[] = [];
  for (const spec of CIRCUITS) {
    const hash = sourceHash(spec.entry);
    const before = previous?.circuits.find((c) => c.id === spec.id);
    const skip = only !== undefined ? spec.id !== only : !force && before?.sourceHash === hash && intact(before);
    if (skip && before) {
      log(`${spec.id}: up to date`);
      circuits.push(before);
      continue;
    }
    ptau ??= await ensurePtau(log);
    const circuit: ManifestCircuit = {
      id: spec.id,
      shape: spec.shape,
      inputMode: spec.inputMode,
      entry: spec.entry,
      sourceHash: hash,
      publicSignals: publicSignalLayout(spec.shape, spec.inputMode),
      backends: [],
    };
    for (const backend of spec.backends) {
      circuit.backends.push(await buildBackend(spec, backend, ptau, circuit));
    }
    circuits.push(circuit);
    writeManifest(circuits.concat(previous?.circuits.filter((c) => !circuits.some((d) => d.id === c.id)) ?? []));
  }
  writeManifest(circuits);
  await terminateProvers();
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function writeManifest(circuits: ManifestCircuit[]): void {
  const order = CIRCUITS.map((c) => c.id);
  const manifest: Manifest = {
    version: 1,
    setup: {
      kind: "dev",
      ptauPower: PTAU_POWER,
      note: "DEV ONLY: a reproducible Powers of Tau and phase 2 whose only randomness is a public beacon, so anyone can forge proofs with these keys (check them: npm run ceremony -- verify-dev). Production keys come from npm run ceremony; see docs/circuits.md.",
    },
    fracBits: FRAC_BITS,
    fieldModulus: FIELD_MODULUS.toString(),
    publicSignalOrder:
      "outputs first, then public inputs, each in declaration order (the order snarkjs and the verifiers use)",
    compiler: toolchainId(),
    circuits: [...circuits].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)),
  };
  writeFileSync(resolve(REPO_ROOT, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await terminateProvers();
  process.exit(1);
});
