import { InvalidModelError } from "../errors.ts";
import type { OnnxNode, OnnxTensor } from "./model.ts";

/** Typed attribute access that names the node and attribute when something is missing. */
export class Attributes {
  constructor(private readonly node: OnnxNode) {}

  ints(name: string, fallback?: number[]): number[] {
    const a = this.node.attributes.get(name);
    if (a && a.ints.length > 0) return a.ints;
    if (fallback) return fallback;
    throw new InvalidModelError(this.node.name, `attribute ${name} (ints) is missing`);
  }

  /** Float lists; ONNX-ML allows a *_as_tensor twin, which is read when the plain list is absent. */
  floats(name: string, fallback?: number[]): number[] {
    const a = this.node.attributes.get(name);
    if (a && a.floats.length > 0) return a.floats;
    const t: OnnxTensor | undefined = this.node.attributes.get(`${name}_as_tensor`)?.t;
    if (t) return t.values;
    if (fallback) return fallback;
    throw new InvalidModelError(this.node.name, `attribute ${name} (floats) is missing`);
  }

  strings(name: string, fallback?: string[]): string[] {
    const a = this.node.attributes.get(name);
    if (a && a.strings.length > 0) return a.strings;
    if (fallback) return fallback;
    throw new InvalidModelError(this.node.name, `attribute ${name} (strings) is missing`);
  }

  string(name: string, fallback: string): string {
    return this.node.attributes.get(name)?.s ?? fallback;
  }

  int(name: string, fallback: number): number {
    return this.node.attributes.get(name)?.i ?? fallback;
  }

  has(name: string): boolean {
    return this.node.attributes.has(name);
  }
}
