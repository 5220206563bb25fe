import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { FIELD_MODULUS } from "@symbiote/sdk";
import {
  findBackend,
  findCircuit,
  loadManifest,
  type ManifestCircuit,
  REPO_ROOT,
  readArtifact,
} from "../../circuits/src/manifest.ts";
import { parseR1cs, type R1cs } from "../../circuits/src/r1cs.ts";
import { WitnessCalculator } from "../../circuits/src/witness.ts";

const run = promisify(execFile);

/** A compiled circuit loaded for witness-level tests: its R1CS and witness calculator. */
export type BuiltCircuit = {
  r1cs: R1cs;
  witness: WitnessCalculator;
};

/** A test harness, with wire names: signal name (as in the .sym file) to wire index, eliminated signals absent. */
export type LoadedCircuit = BuiltCircuit & { wires: Map<string, number> };

export function parseSym(text: string): Map<string, number> {
  const wires = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name && Number(wire) >= 0) wires.set(name, Number(wire));
  }
  return wires;
}

/** Loads a built circuit's committed artifacts (checked against the manifest). */
export async function loadBuilt(id: string): Promise<BuiltCircuit & { circuit: ManifestCircuit }> {
  const circuit = findCircuit(loadManifest(), id);
  const artifacts = findBackend(circuit, "groth16");
  if (!artifacts.r1cs) throw new Error(`${id} has no committed r1cs`);
  return {
    circuit,
    r1cs: parseR1cs(readArtifact(artifacts.r1cs)),
    witness: await WitnessCalculator.create(readArtifact(artifacts.wasm)),
  };
}

/**
 * Compiles a test harness (test/circuits/harness/<name>.circom) with --O1, which keeps every signal as a wire so
 * a test can forge a witness signal by signal.
 */
export async function compileHarness(name: string): Promise<LoadedCircuit> {
  const out = mkdtempSync(join(tmpdir(), "symbiote-harness-"));
  const entry = resolve(REPO_ROOT, "test/circuits/harness", `${name}.circom`);
  await run(resolve(REPO_ROOT, "node_modules/.bin/circom2"), [
    entry,
    "--O1",
    "--r1cs",
    "--wasm",
    "--sym",
    "-l",
    resolve(REPO_ROOT, "node_modules"),
    "-o",
    out,
  ]);
  const base = basename(entry, ".circom");
  try {
    return {
      r1cs: parseR1cs(readFileSync(join(out, `${base}.r1cs`))),
      witness: await WitnessCalculator.create(readFileSync(join(out, `${base}_js`, `${base}.wasm`))),
      wires: parseSym(readFileSync(join(out, `${base}.sym`), "utf8")),
    };
  } finally {
    // everything is in memory now
    rmSync(out, { recursive: true, force: true });
  }
}

/** A mutable copy of a witness addressed by signal name. */
export class Forgery {
  readonly witness: bigint[];
  private readonly wires: Map<string, number>;

  constructor(circuit: LoadedCircuit, honest: readonly bigint[]) {
    this.witness = [...honest];
    this.wires = circuit.wires;
  }

  wire(name: string): number {
    const wire = this.wires.get(name);
    if (wire === undefined) throw new Error(`no wire named ${name}`);
    return wire;
  }

  get(name: string): bigint {
    return this.witness[this.wire(name)] as bigint;
  }

  /** Sets a signal to a signed value (negative values become r - |x|). */
  set(name: string, value: bigint): void {
    this.witness[this.wire(name)] = ((value % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
  }

  /**
   * Rewrites a RangeCheck component for a new checked value: its `in` wire (when it has one) and its bits,
   * the low bits of the value as a field element — the best a cheating prover can do.
   */
  rebit(component: string, value: bigint, bits: number): void {
    const field = ((value % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
    if (this.wires.has(`${component}.in`)) this.set(`${component}.in`, field);
    for (let i = 0; i < bits; i++) this.set(`${component}.bits[${i}]`, (field >> BigInt(i)) & 1n);
  }

  /**
   * Rewrites a SymmetricRangeCheck(n) component for a new checked value under a chosen `negative` hint: the hint, then
   * its inner RangeCheck(n - 1) for value + negative * (2^(n-1) - 1) — the best a cheating prover can do with that hint.
   */
  resign(component: string, value: bigint, negative: bigint, n: number): void {
    if (this.wires.has(`${component}.in`)) this.set(`${component}.in`, value);
    this.set(`${component}.negative`, negative);
    const inner = this.rangeChecks().find(
      (name) => name.startsWith(`${component}.`) && !name.slice(component.length + 1).includes("."),
    );
    if (inner === undefined) throw new Error(`${component} has no inner RangeCheck`);
    this.rebit(inner, value + negative * ((1n << BigInt(n - 1)) - 1n), n - 1);
  }

  /** Names of the SymmetricRangeCheck components (any depth) whose sign hint is a wire. */
  symmetricChecks(): string[] {
    return [...this.wires.keys()].flatMap((name) => {
      const match = /^(.*SymmetricRangeCheck[^.]*)\.negative$/.exec(name);
      return match ? [match[1] as string] : [];
    });
  }

  /** Names of the RangeCheck components (any depth) whose bits are wires, e.g. "main.RangeCheck_23_1069". */
  rangeChecks(): string[] {
    const names = new Set<string>();
    for (const name of this.wires.keys()) {
      const match = /^(.*RangeCheck[^.]*)\.bits\[0\]$/.exec(name);
      if (match) names.add(match[1] as string);
    }
    return [...names];
  }
}
