/**
 * The part of an ONNX graph the cost model reads, as plain data (runtimes/core/onnx-graph.ts
 * decodes the protobuf into it; tests build it by hand or from onnx-proto models). Shapes use null for dimensions unknown until run time.
 */
export type Attr = number | number[] | string;

export interface OnnxOp {
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
}

export interface OnnxInitializer {
  dims: number[];
  /** Values of small integer tensors (Reshape shapes, axes...), when the decoder kept them. */
  ints?: number[];
  /** bytes per element (4 for float32) */
  elementBytes: number;
}

export interface OnnxGraphLite {
  inputs: { name: string; shape: (number | null)[] }[];
  outputs: string[];
  initializers: Record<string, OnnxInitializer>;
  nodes: OnnxOp[];
}
