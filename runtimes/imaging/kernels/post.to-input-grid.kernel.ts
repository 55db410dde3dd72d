import { postToInputGrid } from '../../../domain/nodes/post.to-input-grid.node';
import { defineKernel } from '../../core/kernel';
import { tensorToVolumeDims } from '../../core/tensor';
import type { Geometry, LabelMapValue, TensorValue, Value } from '../../core/values';
import { resampleHere, type Resampler } from '../ops/resample';
import { inputOf } from './inputs';

/** post.to-input-grid with `resample` doing the voxels (runtimes/server passes its threaded one). */
export const toInputGridKernelWith = (resample: Resampler) => defineKernel(postToInputGrid, async ({ inputs }) => {
  const ref = inputOf(inputs, 'reference', 'volume').geometry;
  const grid: Geometry = { ...ref, direction: [...ref.direction] as Geometry['direction'] };
  const out: Record<string, Value> = {};
  if (inputs.labels) {
    const labels = inputOf(inputs, 'labels', 'label-map');
    const data = (await resample(labels.data, labels.geometry, grid, 'nearest', 0)) as LabelMapValue['data'];
    out.labels = { type: 'label-map', geometry: grid, data, labels: labels.labels } satisfies LabelMapValue;
  }
  if (inputs.scores) {
    const scores = inputOf(inputs, 'scores', 'tensor');
    const { channels, voxels, geometry } = tensorToVolumeDims(scores);
    const n = grid.dims[0] * grid.dims[1] * grid.dims[2];
    const data = new Float32Array(channels * n);
    for (let c = 0; c < channels; c++) data.set(await resample(scores.data.subarray(c * voxels, (c + 1) * voxels), geometry, grid, 'linear', 0), c * n);
    out.scores = { type: 'tensor', dims: [1, channels, grid.dims[2], grid.dims[1], grid.dims[0]], data, geometry: grid } satisfies TensorValue;
  }
  return out;
});

export const kernel = toInputGridKernelWith(resampleHere);
