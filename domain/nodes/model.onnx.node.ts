import { z } from 'zod';
import { ModelRefSchema, type ModelLookup } from '../models/signature';
import { bindOutputShape, modelTensors } from '../models/binding';
import type { PortType } from '../ports';
import { ALL_TARGETS, defineNode } from './spec';
import { checkModelFit, type ModelNodeParams } from './model.onnx.check';
import { tensorShapeOf } from './shapes';
import { modelCost } from './model.onnx.cost';

export const modelOnnx = defineNode({
  kind: 'model.onnx',
  version: 1,
  title: 'ONNX model',
  category: 'model',
  description:
    'Runs an ONNX model on the tensor (a volume is fed as [1,1,z,y,x]). Tiled inputs run in batches and keep their tile plan; the output keeps the input geometry.',
  inputs: [{ id: 'input', label: 'Input', type: { kind: 'tensor' } }],
  outputs: [{ id: 'output', label: 'Output', type: { kind: 'tensor' } }],
  params: z.strictObject({
    model: ModelRefSchema.meta({ description: 'The model, by sha256 of the .onnx file or by file name' }),
    inputName: z.string().min(1).optional().meta({ description: 'Model input to feed (default: the first)' }),
    outputName: z.string().min(1).optional().meta({ description: 'Model output to read (default: the first)' }),
    batchSize: z.number().int().positive().default(1).meta({ unit: 'tiles', description: 'Tiles per inference call' }),
  }),
  targets: ALL_TARGETS,
  // Per voxel, a convolutional net costs orders of magnitude more than a pre/post pass.
  costWeight: 100,
  modelParams: ['model'],
  cost: modelCost,
  // The port accepts exactly what the model file declares (read from the file, never typed in).
  inferInputs: ({ params, models }): Record<string, PortType> => {
    const input = resolve(models, params)?.input;
    if (!input) return {};
    const type: PortType = { kind: 'tensor', shape: input.shape };
    return { input: input.dtype === 'float32' ? { ...type, dtype: 'float32' } : type };
  },
  inferOutputs: ({ params, inputs, models }): Record<string, PortType> => {
    const t = resolve(models, params);
    if (!t?.input || !t.output) return {};
    return { output: { kind: 'tensor', dtype: 'float32', shape: bindOutputShape(t.input, t.output, tensorShapeOf(inputs.input)) } };
  },
  check: checkModelFit,
});

function resolve(models: ModelLookup, params: ModelNodeParams) {
  const sig = models(params.model);
  return sig && modelTensors(sig, params);
}
