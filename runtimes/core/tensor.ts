import { RuntimeError } from './errors';
import type { Geometry, TensorValue, VolumeValue } from './values';

/** Axis-aligned 1 mm geometry at the origin, for tensors that arrive without one. */
export function identityGeometry(dims: [number, number, number]): Geometry {
  return { dims: [...dims], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
}

/**
 * A volume as the tensor [1, 1, z, y, x] a model takes. Volume data is x fastest, which is
 * exactly ONNX row-major order for [z, y, x], so float32 data is shared (no copy); other
 * dtypes are converted once. Tensors pass through unchanged.
 */
export function asTensor(value: VolumeValue | TensorValue): TensorValue {
  if (value.type === 'tensor') return value;
  if (value.type !== 'volume') {
    throw new RuntimeError('BAD_NODE_INPUT', `expected a volume or a tensor, got ${(value as { type: string }).type}`);
  }
  const [x, y, z] = value.geometry.dims;
  if (value.data.length !== x * y * z) {
    throw new RuntimeError('SHAPE_MISMATCH', `volume data has ${value.data.length} voxels, geometry says ${x}x${y}x${z}`);
  }
  const data = value.data instanceof Float32Array ? value.data : Float32Array.from(value.data);
  return { type: 'tensor', dims: [1, 1, z, y, x], data, geometry: value.geometry };
}

/** Channels and volume dims [x, y, z] of a single-batch spatial tensor [1, C, z, y, x]. */
export interface SpatialTensor {
  channels: number;
  dims: [number, number, number];
  /** Voxels per channel. */
  voxels: number;
  geometry: Geometry;
}

/**
 * Checks that a tensor is [1, C, z, y, x] with matching data length and geometry, and returns
 * its volume view. Tensors without geometry get an identity geometry.
 */
export function tensorToVolumeDims(t: TensorValue): SpatialTensor {
  if (t.type !== 'tensor') throw new RuntimeError('BAD_NODE_INPUT', `expected a tensor, got ${(t as { type: string }).type}`);
  if (t.dims.length !== 5 || t.dims[0] !== 1) {
    throw new RuntimeError('SHAPE_MISMATCH', `expected a tensor [1,C,z,y,x], got [${t.dims.join(',')}]`);
  }
  const [, channels, z, y, x] = t.dims as [number, number, number, number, number];
  const voxels = x * y * z;
  if (t.data.length !== channels * voxels) {
    throw new RuntimeError('SHAPE_MISMATCH', `tensor [${t.dims.join(',')}] holds ${t.data.length} values`);
  }
  const dims: [number, number, number] = [x, y, z];
  const geometry = t.geometry ?? identityGeometry(dims);
  if (geometry.dims.some((d, i) => d !== dims[i])) {
    throw new RuntimeError('SHAPE_MISMATCH', `tensor spatial dims [${dims}] differ from its geometry [${geometry.dims}]`);
  }
  return { channels, dims, voxels, geometry };
}
