import type { z } from 'zod';
import type { preCropPad } from '../../../domain/nodes/pre.crop-pad.node';
import { defineKernel } from '../../core/kernel';
import type { VolumeValue } from '../../core/values';
import { centeredOffset, cropPad } from '../ops/crop-pad';
import { subGeometry, type Vec3 } from '../geometry';
import { inputOf } from './inputs';

export const kernel = defineKernel<z.output<typeof preCropPad.params>>({
  kind: 'pre.crop-pad',
  version: 1,
  async run({ params, inputs }) {
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
  },
});
