import { OnnxDecodeError } from "../errors.ts";
import { asBytes, asString, pushFloats, pushInts, readFields } from "./wire.ts";

/** The part of an ONNX tensor the compiler reads: float32 or int64 values in row-major order. */
export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  values: number[];
}

/** A node attribute: every attribute kind ONNX-ML exporters use for the supported operators. */
export interface OnnxAttribute {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  t?: OnnxTensor;
  floats: number[];
  ints: number[];
  strings: string[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

export interface OnnxValueInfo {
  name: string;
  /** Each dimension's size, or null when symbolic (the batch axis). */
  shape: (number | null)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsets: Map<string, number>;
  graph: OnnxGraph;
}

/** TensorProto.DataType values the compiler accepts. */
export const TENSOR_FLOAT = 1;
export const TENSOR_INT64 = 7;
export const TENSOR_DOUBLE = 11;

/**
 * Decodes an ONNX ModelProto: the graph's nodes, attributes, initializers and input/output shapes. Field numbers are
 * those of onnx.proto (ModelProto.graph = 7, GraphProto.node = 1, …); everything else in the file is skipped.
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const model: OnnxModel = {
    irVersion: 0,
    producerName: "",
    producerVersion: "",
    opsets: new Map(),
    graph: emptyGraph(),
  };
  let sawGraph = false;
  for (const f of readFields(bytes)) {
    if (f.field === 1 && f.wire === 0) model.irVersion = Number(f.value);
    else if (f.field === 2) model.producerName = asString(f);
    else if (f.field === 3) model.producerVersion = asString(f);
    else if (f.field === 7) {
      model.graph = decodeGraph(asBytes(f));
      sawGraph = true;
    } else if (f.field === 8) {
      let domain = "";
      let version = 0;
      for (const g of readFields(asBytes(f))) {
        if (g.field === 1) domain = asString(g);
        else if (g.field === 2 && g.wire === 0) version = Number(g.value);
      }
      model.opsets.set(domain, version);
    }
  }
  if (!sawGraph) throw new OnnxDecodeError(bytes.length, "the model has no graph (is this an ONNX file?)");
  return model;
}

function emptyGraph(): OnnxGraph {
  return { name: "", nodes: [], initializers: new Map(), inputs: [], outputs: [] };
}

function decodeGraph(bytes: Uint8Array): OnnxGraph {
  const graph = emptyGraph();
  for (const f of readFields(bytes)) {
    if (f.field === 1) graph.nodes.push(decodeNode(asBytes(f)));
    else if (f.field === 2) graph.name = asString(f);
    else if (f.field === 5) {
      const t = decodeTensor(asBytes(f));
      graph.initializers.set(t.name, t);
    } else if (f.field === 11) graph.inputs.push(decodeValueInfo(asBytes(f)));
    else if (f.field === 12) graph.outputs.push(decodeValueInfo(asBytes(f)));
  }
  // Initializers may be listed among the inputs by older exporters; they are weights, not model inputs.
  graph.inputs = graph.inputs.filter((i) => !graph.initializers.has(i.name));
  return graph;
}

function decodeNode(bytes: Uint8Array): OnnxNode {
  const node: OnnxNode = { name: "", opType: "", domain: "", inputs: [], outputs: [], attributes: new Map() };
  for (const f of readFields(bytes)) {
    if (f.field === 1) node.inputs.push(asString(f));
    else if (f.field === 2) node.outputs.push(asString(f));
    else if (f.field === 3) node.name = asString(f);
    else if (f.field === 4) node.opType = asString(f);
    else if (f.field === 5) {
      const a = decodeAttribute(asBytes(f));
      node.attributes.set(a.name, a);
    } else if (f.field === 7) node.domain = asString(f);
  }
  if (node.name === "") node.name = `${node.opType}(${node.outputs.join(",")})`;
  return node;
}

function decodeAttribute(bytes: Uint8Array): OnnxAttribute {
  const a: OnnxAttribute = { name: "", floats: [], ints: [], strings: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) a.name = asString(f);
    else if (f.field === 2 && f.wire === 5) a.f = f.value.getFloat32(0, true);
    else if (f.field === 3 && f.wire === 0) a.i = Number(f.value);
    else if (f.field === 4) a.s = asString(f);
    else if (f.field === 5) a.t = decodeTensor(asBytes(f));
    else if (f.field === 7) pushFloats(f, a.floats);
    else if (f.field === 8) pushInts(f, a.ints);
    else if (f.field === 9) a.strings.push(asString(f));
  }
  return a;
}

function decodeTensor(bytes: Uint8Array): OnnxTensor {
  const t: OnnxTensor = { name: "", dims: [], dataType: 0, values: [] };
  let raw: Uint8Array | undefined;
  const doubles: number[] = [];
  for (const f of readFields(bytes)) {
    if (f.field === 1) pushInts(f, t.dims);
    else if (f.field === 2 && f.wire === 0) t.dataType = Number(f.value);
    else if (f.field === 4) pushFloats(f, t.values);
    else if (f.field === 7) pushInts(f, t.values);
    else if (f.field === 8) t.name = asString(f);
    else if (f.field === 9) raw = asBytes(f);
    else if (f.field === 10 && f.wire === 2) {
      const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.length);
      for (let i = 0; i + 8 <= f.value.length; i += 8) doubles.push(view.getFloat64(i, true));
    }
  }
  if (doubles.length > 0) t.values = doubles;
  if (raw) t.values = decodeRaw(raw, t.dataType, t.name);
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.values.length !== count) {
    throw new OnnxDecodeError(0, `tensor "${t.name}" holds ${t.values.length} values for dims [${t.dims}]`);
  }
  return t;
}

function decodeRaw(raw: Uint8Array, dataType: number, name: string): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  const out: number[] = [];
  if (dataType === TENSOR_FLOAT) for (let i = 0; i + 4 <= raw.length; i += 4) out.push(view.getFloat32(i, true));
  else if (dataType === TENSOR_DOUBLE) for (let i = 0; i + 8 <= raw.length; i += 8) out.push(view.getFloat64(i, true));
  else if (dataType === TENSOR_INT64)
    for (let i = 0; i + 8 <= raw.length; i += 8) out.push(Number(view.getBigInt64(i, true)));
  else
    throw new OnnxDecodeError(0, `tensor "${name}" has data type ${dataType}; only float, double and int64 are read`);
  return out;
}

function decodeValueInfo(bytes: Uint8Array): OnnxValueInfo {
  const info: OnnxValueInfo = { name: "", shape: [] };
  for (const f of readFields(bytes)) {
    if (f.field === 1) info.name = asString(f);
    else if (f.field === 2) {
      // TypeProto.tensor_type (1) → Tensor.shape (2) → TensorShapeProto.dim (1) → dim_value (1) | dim_param (2)
      for (const tt of readFields(asBytes(f))) {
        if (tt.field !== 1) continue;
        for (const sh of readFields(asBytes(tt))) {
          if (sh.field !== 2) continue;
          for (const dim of readFields(asBytes(sh))) {
            if (dim.field !== 1) continue;
            const v = readFields(asBytes(dim)).find((d) => d.field === 1 && d.wire === 0);
            info.shape.push(v && v.wire === 0 ? Number(v.value) : null);
          }
        }
      }
    }
  }
  return info;
}
