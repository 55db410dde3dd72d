import { preReorient } from '../../../domain/nodes/pre.reorient.node';
import { defineKernel } from '../../core/kernel';
import { planReorient, reorientData } from '../ops/reorient';
import { inputOf } from './inputs';

export const kernel = defineKernel(preReorient, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const plan = planReorient(src.geometry, params.orientation);
  return { volume: { type: 'volume', dtype: src.dtype, geometry: plan.geometry, data: reorientData(src.data, src.geometry.dims, plan) } };
});
