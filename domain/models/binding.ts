import type { Dim } from '../ports';
import type { ModelRef, ModelSignature, TensorInfo } from './signature';

/**
 * Which model input/output a `model.onnx` node uses: the named one, or the first.
 * `undefined` when the name is not in the signature (the node's check reports it).
 */
export function pickTensor(list: TensorInfo[], name: string | undefined): TensorInfo | undefined {
  return name === undefined ? list[0] : list.find((t) => t.name === name);
}

export function modelTensors(sig: ModelSignature, names: { inputName?: string; outputName?: string }) {
  return { input: pickTensor(sig.inputs, names.inputName), output: pickTensor(sig.outputs, names.outputName) };
}

/**
 * Output shape of a model given the shape actually fed to it: symbolic dims the input and
 * output share (e.g. `z`, `y`, `x` of a fully convolutional net) take the fed sizes, so
 * shapes keep flowing downstream. Anonymous unknown dims stay null.
 */
export function bindOutputShape(input: TensorInfo, output: TensorInfo, fed: Dim[] | undefined): Dim[] {
  const bound = new Map<string, number>();
  input.shape.forEach((d, i) => {
    const sym = input.symbols?.[i];
    const fedDim = fed?.[i];
    if (d === null && sym && typeof fedDim === 'number') bound.set(sym, fedDim);
  });
  return output.shape.map((d, i) => {
    if (d !== null) return d;
    const sym = output.symbols?.[i];
    return (sym ? bound.get(sym) : undefined) ?? null;
  });
}

/** Short human name of a model reference for issue messages. */
export const describeModelRef = (ref: ModelRef) => ('file' in ref ? ref.file : `sha256:${ref.sha256.slice(0, 12)}…`);
