/** Base class of every error the model compiler raises; `details` says what to change. */
export class CompilerError extends Error {
  override name = "CompilerError";
  constructor(
    message: string,
    readonly details?: string,
  ) {
    super(details ? `${message} ${details}` : message);
  }
}

/** The bytes are not a well-formed ONNX protobuf message. */
export class OnnxDecodeError extends CompilerError {
  override name = "OnnxDecodeError";
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`ONNX decode failed at byte ${offset}: ${reason}.`, "Re-export the model; the file may be truncated.");
  }
}

/** A graph node uses an operator the compiler cannot turn into a circuit. */
export class UnsupportedOperatorError extends CompilerError {
  override name = "UnsupportedOperatorError";
  constructor(
    readonly nodeName: string,
    readonly opType: string,
    readonly domain: string,
    reason = "is not supported",
  ) {
    super(
      `Node "${nodeName}" uses operator ${domain ? `${domain}.` : ""}${opType}, which ${reason}.`,
      "Supported: LinearClassifier, LinearRegressor, TreeEnsembleClassifier, TreeEnsembleRegressor, and MatMul/Add/Gemm/Relu stacks ending in Softmax/ArgMax (export sklearn classifiers with zipmap=False).",
    );
  }
}

/** The operators are supported but an attribute or tensor is missing, inconsistent or out of range. */
export class InvalidModelError extends CompilerError {
  override name = "InvalidModelError";
  constructor(
    readonly nodeName: string,
    reason: string,
  ) {
    super(`Node "${nodeName}": ${reason}.`, "Check the exporter options or re-export the model.");
  }
}
