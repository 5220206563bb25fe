/**
 * Writes ONNX models of an exact shape: one-node ai.onnx.ml graphs (tree ensembles, linear models) and dense MLPs,
 * each with a [batch, features] float input — random-weight models for sizing circuits, and fixtures for the importer.
 */

type Attr = { name: string } & (
  | { f: number }
  | { i: number }
  | { s: string }
  | { floats: number[] }
  | { ints: number[] }
  | { strings: string[] }
);

function varint(v: bigint): number[] {
  let x = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    out.push(x > 0n ? b | 0x80 : b);
  } while (x > 0n);
  return out;
}

const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const int = (field: number, v: number) => [...tag(field, 0), ...varint(BigInt(v))];
const bytes = (field: number, b: number[]) => [...tag(field, 2), ...varint(BigInt(b.length)), ...b];
const str = (field: number, s: string) => bytes(field, [...new TextEncoder().encode(s)]);
const f32 = (v: number) => [...new Uint8Array(Float32Array.of(v).buffer)];

function attribute(a: Attr): number[] {
  const out = str(1, a.name);
  if ("f" in a) return [...out, ...int(20, 1), ...tag(2, 5), ...f32(a.f)];
  if ("i" in a) return [...out, ...int(20, 2), ...int(3, a.i)];
  if ("s" in a) return [...out, ...int(20, 3), ...str(4, a.s)];
  if ("floats" in a) return [...out, ...int(20, 6), ...bytes(7, a.floats.flatMap(f32))];
  if ("ints" in a)
    return [
      ...out,
      ...int(20, 7),
      ...bytes(
        8,
        a.ints.flatMap((v) => varint(BigInt(v))),
      ),
    ];
  return [...out, ...int(20, 8), ...a.strings.flatMap((s) => str(9, s))];
}

function valueInfo(name: string, elemType: number, dims: (number | null)[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, d === null ? str(2, "N") : int(1, d)));
  return [...str(1, name), ...bytes(2, bytes(1, [...int(1, elemType), ...bytes(2, shape)]))];
}

/** Serialises a model whose graph is a single ai.onnx.ml node with outputs label (int64) and probabilities. */
export function writeMlModel(opType: string, features: number, columns: number, attrs: Attr[]): Uint8Array {
  const node = [
    ...str(1, "input"),
    ...str(2, "label"),
    ...str(2, "probabilities"),
    ...str(3, "ensemble"),
    ...str(4, opType),
    ...attrs.flatMap((a) => bytes(5, attribute(a))),
    ...str(7, "ai.onnx.ml"),
  ];
  const graph = [
    ...bytes(1, node),
    ...str(2, "generated"),
    ...bytes(11, valueInfo("input", 1, [null, features])),
    ...bytes(12, valueInfo("label", 7, [null])),
    ...bytes(12, valueInfo("probabilities", 1, [null, columns])),
  ];
  const opset = (domain: string, version: number) => bytes(8, [...str(1, domain), ...int(2, version)]);
  return Uint8Array.from([...int(1, 9), ...opset("", 17), ...opset("ai.onnx.ml", 3), ...bytes(7, graph)]);
}

function tensor(name: string, dims: number[], values: readonly number[]): number[] {
  return [
    ...dims.flatMap((d) => int(1, d)),
    ...int(2, 1),
    ...str(8, name),
    ...bytes(9, [...new Uint8Array(Float32Array.from(values).buffer)]),
  ];
}

/** One dense layer of a generated network: weights [out][in], bias [out], ReLU after it or not. */
export type DenseLayerSpec = { weights: number[][]; bias: number[]; relu: boolean };

/**
 * Serialises a PyTorch-style dense chain (Gemm with transB=1, Relu between layers, a final Softmax) over a
 * [batch, features] float input: the graph importMlp reads and onnxruntime-node runs.
 */
export function writeDenseModel(layers: readonly DenseLayerSpec[]): Uint8Array {
  const features = layers[0]?.weights[0]?.length ?? 0;
  const nodes: number[][] = [];
  const initializers: number[][] = [];
  let current = "input";
  layers.forEach((layer, l) => {
    const out = layer.weights.length;
    const w = `w${l}`;
    const b = `b${l}`;
    initializers.push(tensor(w, [out, layer.weights[0]?.length ?? 0], layer.weights.flat()));
    initializers.push(tensor(b, [out], layer.bias));
    const gemm = `gemm${l}`;
    nodes.push([
      ...str(1, current),
      ...str(1, w),
      ...str(1, b),
      ...str(2, gemm),
      ...str(3, gemm),
      ...str(4, "Gemm"),
      ...bytes(5, attribute({ name: "transB", i: 1 })),
    ]);
    current = gemm;
    if (layer.relu) {
      nodes.push([...str(1, current), ...str(2, `relu${l}`), ...str(3, `relu${l}`), ...str(4, "Relu")]);
      current = `relu${l}`;
    }
  });
  const classes = layers.at(-1)?.weights.length ?? 0;
  nodes.push([
    ...str(1, current),
    ...str(2, "probabilities"),
    ...str(3, "softmax"),
    ...str(4, "Softmax"),
    ...bytes(5, attribute({ name: "axis", i: 1 })),
  ]);
  const graph = [
    ...nodes.flatMap((n) => bytes(1, n)),
    ...str(2, "generated"),
    ...initializers.flatMap((t) => bytes(5, t)),
    ...bytes(11, valueInfo("input", 1, [null, features])),
    ...bytes(12, valueInfo("probabilities", 1, [null, classes])),
  ];
  return Uint8Array.from([...int(1, 9), ...bytes(8, [...str(1, ""), ...int(2, 17)]), ...bytes(7, graph)]);
}
