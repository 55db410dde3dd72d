import { postToInputGrid } from '../../../domain/nodes/post.to-input-grid.node';
import { defineKernel } from '../../core/kernel';
import type { LabelMapValue } from '../../core/values';
import { resample } from '../ops/resample';
import { inputOf } from './inputs';

export const kernel = defineKernel(postToInputGrid, async ({ inputs }) => {
  const labels = inputOf(inputs, 'labels', 'label-map');
  const grid = inputOf(inputs, 'reference', 'volume').geometry;
  const data = resample(labels.data, labels.geometry, grid, 'nearest', 0) as LabelMapValue['data'];
  const out: LabelMapValue = { type: 'label-map', geometry: { ...grid, direction: [...grid.direction] as typeof grid.direction }, data, labels: labels.labels };
  return { labels: out };
});
