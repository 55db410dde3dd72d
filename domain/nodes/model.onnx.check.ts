import { describeModelRef, modelTensors } from '../models/binding';
import type { ModelRef } from '../models/signature';
import type { Issue } from '../validation/issue';
import type { InferContext } from './spec';
import { dimsFit, formatDims, tensorShapeOf } from './shapes';

export interface ModelNodeParams {
  model: ModelRef;
  inputName?: string;
  outputName?: string;
  batchSize: number;
}

/**
 * The model file is the source of truth: it must be registered, name existing tensors, take
 * float32, and its input shape must fit what the upstream node produces (null dims match).
 */
export function checkModelFit(ctx: InferContext<ModelNodeParams> & { nodeId: string }): Issue[] {
  const { params, nodeId } = ctx;
  const name = describeModelRef(params.model);
  const sig = ctx.models(params.model);
  if (!sig) {
    return [{ code: 'model-missing', severity: 'error', nodeId, message: `model ${name} is not registered` }];
  }
  const { input, output } = modelTensors(sig, params);
  const issues: Issue[] = [];
  const bad = (message: string) => issues.push({ code: 'bad-params', severity: 'error', nodeId, message });
  if (!input) bad(`model ${name} has no input "${params.inputName}" (inputs: ${sig.inputs.map((t) => t.name).join(', ')})`);
  if (!output) bad(`model ${name} has no output "${params.outputName}" (outputs: ${sig.outputs.map((t) => t.name).join(', ')})`);
  if (!input) return issues;
  const mismatch = (message: string) =>
    issues.push({ code: 'model-shape-mismatch', severity: 'error', nodeId, portId: 'input', message });
  if (input.dtype !== 'float32') mismatch(`model input "${input.name}" takes ${input.dtype}; the studio feeds float32 tensors`);
  const fed = tensorShapeOf(ctx.inputs.input);
  if (fed && !dimsFit(fed, input.shape)) {
    mismatch(`model input "${input.name}" expects ${formatDims(input.shape)} but receives ${formatDims(fed)}`);
  }
  const batch = input.shape[0];
  if (typeof batch === 'number' && params.batchSize > batch) {
    bad(`batchSize ${params.batchSize} exceeds the model's fixed batch dimension ${batch}`);
  }
  return issues;
}
