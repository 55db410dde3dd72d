import { consumers, dimsOf, floatValues, rawTensor, type Graph, type Node, type Tensor } from './graph';

/**
 * onnxruntime's fast symmetric int8 convolution (MlasConvSym: indirection buffer, threaded, any
 * rank) takes a Conv only when input channels are a multiple of 4 and output channels a multiple
 * of 8 (AVX2; 4 on AVX-512) and at least 16. Otherwise QLinearConv falls back to a single-threaded
 * im2col + GEMM for 3-D kernels, slower than the float32 NCHWc kernels. Channel counts like
 * MeshNet's 30 miss that by 2, so hidden channels are padded with zero filters.
 */
export const CHANNEL_ALIGN = 8;
export const MIN_CONV_SYM_CHANNELS = 16;
export const INPUT_CHANNEL_ALIGN = 4;

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

export interface PaddedConv { node: string; from: number; to: number }

interface Editable { dims: number[]; values: Float32Array }

/**
 * Pad the output channels of a Conv (zero filters, zero bias) and the matching input channels of
 * every Conv reading it (zero weights). Exact: the extra channels are Relu(0) = 0 and weigh 0.
 * Only where the tensor (after an optional Relu) goes nowhere but into group-1 Convs with
 * initializer weights, and no weight is shared, so nothing else sees the wider tensor.
 */
export function alignConvChannels(graph: Graph): PaddedConv[] {
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const uses = consumers(graph);
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  const edits = new Map<string, Editable>();
  const editable = (name: string): Editable | undefined => {
    const t = inits.get(name);
    if (!t || t.dataType !== 1 || (uses.get(name)?.length ?? 0) !== 1) return undefined;
    if (!edits.has(name)) edits.set(name, { dims: dimsOf(t), values: floatValues(t) });
    return edits.get(name);
  };
  const plainConv = (n: Node) => n.opType === 'Conv' && !n.domain && (n.attribute ?? []).every((a) => a.name !== 'group' || Number(a.i) === 1);
  const padded: PaddedConv[] = [];
  const renamed = new Set<string>();

  for (const conv of graph.node ?? []) {
    if (!plainConv(conv)) continue;
    const [, wName, bName] = conv.input ?? [];
    const w = inits.get(wName ?? '');
    if (!w || dimsOf(w).length < 3) continue;
    const m = (edits.get(wName!) ?? { dims: dimsOf(w) }).dims[0];
    const target = Math.max(roundUp(m, CHANNEL_ALIGN), MIN_CONV_SYM_CHANNELS);
    if (target === m) continue;
    // The tensor the next convs read: the Conv output, or the output of a Relu right after it.
    let y = conv.output![0];
    const first = uses.get(y) ?? [];
    const relu = first.length === 1 && first[0].opType === 'Relu' ? first[0] : undefined;
    const readers = relu ? uses.get(relu.output![0]) ?? [] : first;
    const tensors = relu ? [y, relu.output![0]] : [y];
    y = tensors[tensors.length - 1];
    if (!readers.length || tensors.some((t) => outputs.has(t))) continue;
    if (!readers.every((r) => plainConv(r) && r.input![0] === y && r.input!.indexOf(y) === 0)) continue;
    const wEdit = editable(wName!);
    const bEdit = bName ? editable(bName) : undefined;
    const readerEdits = readers.map((r) => editable(r.input![1]));
    if (!wEdit || (bName && !bEdit) || readerEdits.some((e) => !e || e.dims[1] !== m)) continue;
    padAxis(wEdit, 0, target);
    if (bEdit) padAxis(bEdit, 0, target);
    for (const e of readerEdits) padAxis(e!, 1, target);
    for (const t of tensors) renamed.add(t);
    padded.push({ node: conv.name ?? '', from: m, to: target });
  }
  for (const [name, e] of edits) {
    const i = graph.initializer!.findIndex((t) => t.name === name);
    graph.initializer![i] = rawTensor(name, 1, e.dims, e.values) as Tensor;
  }
  // Declared shapes of the widened tensors are stale: drop them, onnxruntime infers them again.
  graph.valueInfo = (graph.valueInfo ?? []).filter((v) => !renamed.has(v.name ?? ''));
  return padded;
}

/** Zero-pad dimension `axis` of a row-major tensor to `size`. */
function padAxis(e: Editable, axis: number, size: number): void {
  const outer = e.dims.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = e.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const from = e.dims[axis];
  const out = new Float32Array(outer * size * inner);
  for (let o = 0; o < outer; o++) out.set(e.values.subarray(o * from * inner, (o + 1) * from * inner), o * size * inner);
  e.dims = e.dims.map((d, i) => (i === axis ? size : d));
  e.values = out;
}
