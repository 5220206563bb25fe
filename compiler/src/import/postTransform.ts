import { UnsupportedOperatorError } from "../errors.ts";
import type { PostTransform } from "../ir/model.ts";
import type { OnnxNode } from "../onnx/model.ts";

const SUPPORTED: readonly string[] = ["NONE", "LOGISTIC", "SOFTMAX"];

/** Reads post_transform; SOFTMAX_ZERO and PROBIT are refused rather than approximated. */
export function readPostTransform(node: OnnxNode): PostTransform {
  const value = node.attributes.get("post_transform")?.s ?? "NONE";
  if (!SUPPORTED.includes(value)) {
    throw new UnsupportedOperatorError(
      node.name,
      node.opType,
      node.domain,
      `has post_transform ${value}, which is not supported`,
    );
  }
  return value as PostTransform;
}
