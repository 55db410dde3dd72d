import { pickTensor } from '../../../domain/models/binding';
import type { TensorInfo } from '../../../domain/models/signature';
import { RuntimeError } from '../../core/errors';
import type { ModelHandle } from '../../core/inference';
import { readModelSignature } from '../../core/onnx-signature';

export interface ModelIo {
  inputName: string;
  /** Undefined: the first output the runtime returns. */
  outputName?: string;
  /** Declared input shape (null = free dim); undefined when the model's signature is unknown. */
  inputShape?: (number | null)[];
}

/**
 * Feed/fetch names and the declared input shape of a model: from the handle's signature, else
 * parsed from its bytes (browser), else the names in the params (the runtime then reports
 * unknown names itself), defaulting to `input`, the name segmentation exports use.
 */
export async function modelIo(model: ModelHandle, names: { inputName?: string; outputName?: string }): Promise<ModelIo> {
  const sig = model.signature ?? (model.bytes ? readModelSignature(await model.bytes(), model.sha256) : undefined);
  if (!sig) return { inputName: names.inputName ?? 'input', outputName: names.outputName };
  const input = pick(sig.inputs, names.inputName, 'input');
  const output = pick(sig.outputs, names.outputName, 'output');
  return { inputName: input.name, outputName: output.name, inputShape: input.shape };
}

function pick(list: TensorInfo[], name: string | undefined, what: string): TensorInfo {
  const t = pickTensor(list, name);
  if (!t) throw new RuntimeError('MODEL_INVALID', `the model has no ${what} named "${name}" (it has ${list.map((i) => i.name).join(', ')})`);
  return t;
}

/** Throws SHAPE_MISMATCH unless `dims` fits the declared shape (null dims match anything). */
export function checkFits(dims: number[], declared: (number | null)[] | undefined, inputName: string): void {
  if (!declared) return;
  const fits = dims.length === declared.length && dims.every((d, i) => declared[i] === null || declared[i] === d);
  if (!fits) {
    const want = declared.map((d) => d ?? '?').join(',');
    throw new RuntimeError('SHAPE_MISMATCH', `the tensor [${dims.join(',')}] does not fit model input "${inputName}" [${want}]`);
  }
}

/** Whether two dim lists end with the same spatial dims [z, y, x] (geometry still applies). */
export const sameSpatial = (a: number[], b: number[]) => a.length >= 3 && b.length >= 3 && a.slice(-3).join() === b.slice(-3).join();
