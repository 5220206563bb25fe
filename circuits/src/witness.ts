import { FatalError, FIELD_MODULUS } from "@symbiote/sdk";
import type { WitnessInput } from "./circuitInput.ts";

// The project compiles without the DOM lib, so the few WebAssembly calls used here are typed locally.
type WasmInstance = { exports: Record<string, unknown> };
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<unknown>;
      instantiate(module: unknown, imports: object): Promise<WasmInstance>;
    };
  }
).WebAssembly;

/** The circom wasm refused the input: a constraint (`===`) or an input signal check failed. */
export class WitnessError extends FatalError {
  override name = "WitnessError";
}

type CircomExports = {
  getVersion(): number;
  getFieldNumLen32(): number;
  getRawPrime(): void;
  readSharedRWMemory(index: number): number;
  writeSharedRWMemory(index: number, value: number): void;
  getWitnessSize(): number;
  getInputSize(): number;
  getInputSignalSize(hashMsb: number, hashLsb: number): number;
  setInputSignal(hashMsb: number, hashLsb: number, index: number): void;
  getWitness(index: number): void;
  getMessageChar(): number;
  init(sanityCheck: number): void;
};

const EXCEPTIONS: Record<number, string> = {
  1: "signal not found",
  2: "too many signals set",
  3: "signal already set",
  4: "assert failed (an input violates a constraint)",
  5: "not enough memory",
  6: "input signal array access exceeds the size",
  7: "out of bounds array access",
};

/** 64-bit FNV-1a of a signal name: how circom's wasm addresses input signals. */
function fnv1a64(name: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < name.length; i++) {
    hash ^= BigInt(name.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

function flatten(value: WitnessInput[string]): bigint[] {
  if (typeof value === "bigint") return [value];
  return (value as readonly (bigint | readonly bigint[])[]).flatMap((entry) =>
    typeof entry === "bigint" ? [entry] : [...entry],
  );
}

/**
 * A circom 2 witness calculator over a compiled circuit wasm, instantiated once and reused for every witness.
 * Witnesses come back as bigint arrays (index 0 is the constant 1, then outputs, public inputs, the rest).
 */
export class WitnessCalculator {
  readonly witnessSize: number;
  private readonly exports: CircomExports;
  private readonly n32: number;
  private errorText = "";

  private constructor(instance: WasmInstance, getErrorSink: (sink: (text: string) => void) => void) {
    this.exports = instance.exports as unknown as CircomExports;
    getErrorSink((text) => {
      this.errorText += text;
    });
    this.n32 = this.exports.getFieldNumLen32();
    this.exports.getRawPrime();
    if (this.readShared() !== FIELD_MODULUS) {
      throw new FatalError("the circuit wasm is not compiled for BN254; rebuild it with `npm run circuits:build`.");
    }
    this.witnessSize = this.exports.getWitnessSize();
  }

  /** Compiles and instantiates a circuit wasm (the bytes of `<circuit>.wasm`). */
  static async create(wasm: Uint8Array): Promise<WitnessCalculator> {
    let sink: (text: string) => void = () => {};
    let instance: WasmInstance | undefined;
    const message = (): string => {
      let text = "";
      const exports = instance?.exports as unknown as CircomExports;
      for (let c = exports.getMessageChar(); c !== 0; c = exports.getMessageChar()) text += String.fromCharCode(c);
      return text;
    };
    const module = await wasmApi.compile(wasm);
    instance = await wasmApi.instantiate(module, {
      runtime: {
        exceptionHandler(code: number) {
          throw new WitnessError(
            `witness generation failed: ${EXCEPTIONS[code] ?? `error code ${code}`}; check the inputs against the model's ranges.`,
          );
        },
        printErrorMessage() {
          sink(`${message()}\n`);
        },
        // circuits here do not log; drain the buffer so the wasm can go on
        writeBufferMessage() {
          message();
        },
        showSharedRWMemory() {},
      },
    });
    return new WitnessCalculator(instance, (s) => {
      sink = s;
    });
  }

  private readShared(): bigint {
    let value = 0n;
    for (let j = this.n32 - 1; j >= 0; j--) value = (value << 32n) | BigInt(this.exports.readSharedRWMemory(j) >>> 0);
    return value;
  }

  private writeShared(value: bigint): void {
    for (let j = 0; j < this.n32; j++)
      this.exports.writeSharedRWMemory(j, Number((value >> BigInt(32 * j)) & 0xffffffffn));
  }

  /** Computes the full witness; throws {@link WitnessError} when an input breaks a constraint. */
  calculate(input: WitnessInput): bigint[] {
    this.errorText = "";
    this.exports.init(1);
    let count = 0;
    try {
      for (const [name, value] of Object.entries(input)) {
        const hash = fnv1a64(name);
        const msb = Number(hash >> 32n);
        const lsb = Number(hash & 0xffffffffn);
        const size = this.exports.getInputSignalSize(msb, lsb);
        const values = flatten(value);
        if (size < 0)
          throw new WitnessError(
            `the circuit has no input signal "${name}"; build the input with the model's circuitCall.`,
          );
        if (values.length !== size) {
          throw new WitnessError(`input signal "${name}" takes ${size} values, got ${values.length}.`);
        }
        values.forEach((v, i) => {
          if (v < 0n || v >= FIELD_MODULUS)
            throw new WitnessError(`input "${name}"[${i}] is not a field element; encode negatives with toField().`);
          this.writeShared(v);
          this.exports.setInputSignal(msb, lsb, i);
          count++;
        });
      }
    } catch (error) {
      if (error instanceof WitnessError && this.errorText) {
        throw new WitnessError(error.shortMessage, { details: this.errorText.trim(), cause: error });
      }
      throw error;
    }
    if (count < this.exports.getInputSize()) {
      throw new WitnessError(
        `only ${count} of ${this.exports.getInputSize()} input values were set; pass every input signal.`,
      );
    }
    const witness: bigint[] = new Array(this.witnessSize);
    for (let i = 0; i < this.witnessSize; i++) {
      this.exports.getWitness(i);
      witness[i] = this.readShared();
    }
    return witness;
  }
}

/** Serialises a witness in snarkjs's .wtns format (version 2), the form groth16.prove / fflonk.prove read. */
export function encodeWtns(witness: readonly bigint[]): Uint8Array {
  const n8 = 32;
  const header = 4 + 4 + 4; // magic, version, section count
  const section1 = 4 + 8 + 4 + n8 + 4;
  const section2 = 4 + 8 + n8 * witness.length;
  const buffer = new Uint8Array(header + section1 + section2);
  const view = new DataView(buffer.buffer);
  buffer.set([0x77, 0x74, 0x6e, 0x73], 0); // "wtns"
  view.setUint32(4, 2, true);
  view.setUint32(8, 2, true);
  let pos = header;
  view.setUint32(pos, 1, true);
  view.setBigUint64(pos + 4, BigInt(4 + n8 + 4), true);
  view.setUint32(pos + 12, n8, true);
  writeScalar(buffer, pos + 16, FIELD_MODULUS);
  view.setUint32(pos + 16 + n8, witness.length, true);
  pos += section1;
  view.setUint32(pos, 2, true);
  view.setBigUint64(pos + 4, BigInt(n8 * witness.length), true);
  pos += 12;
  for (const value of witness) {
    writeScalar(buffer, pos, value);
    pos += n8;
  }
  return buffer;
}

function writeScalar(buffer: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = 0; i < 32; i++) {
    buffer[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
