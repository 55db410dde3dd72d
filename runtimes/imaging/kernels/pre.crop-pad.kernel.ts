import { preCropPad } from '../../../domain/nodes/pre.crop-pad.node';
import { defineKernel } from '../../core/kernel';
import type { VolumeValue } from '../../core/values';
import { centeredOffset, cropPad } from '../ops/crop-pad';
import { subGeometry, type Vec3 } from '../geometry';
import { inputOf } from './inputs';

export const kernel = defineKernel(preCropPad, async ({ params, inputs }) => {
  const src = inputOf(inputs, 'volume', 'volume');
  const size = [...params.size] as Vec3;
  const offset = params.center ? centeredOffset(src.geometry.dims, size) : ([...params.offset] as Vec3);
  const out: VolumeValue = {
    type: 'volume',
    dtype: src.dtype,
    geometry: subGeometry(src.geometry, offset, size),
    data: cropPad(src.data, src.geometry.dims, offset, size, params.padValue),
  };
  return { volume: out };
});
