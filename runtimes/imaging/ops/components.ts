import type { Vec3 } from '../geometry';

/** Neighbour steps of 6- (faces) or 26-connectivity (faces, edges, corners). */
export function neighbourSteps(connectivity: 6 | 26): Vec3[] {
  const out: Vec3[] = [];
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    const n = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
    if (n > 0 && (connectivity === 26 || n === 1)) out.push([dx, dy, dz]);
  }
  return out;
}

/**
 * Connected components of equal values (x fastest), one id per component from 1 (0 where
 * `include` says no), with each component's value and voxel count. Breadth-first flood fill.
 */
export function components(data: ArrayLike<number>, dims: Vec3, connectivity: 6 | 26, include: (value: number) => boolean) {
  const [nx, ny, nz] = dims;
  const ids = new Int32Array(data.length);
  const sizes: number[] = [0];
  const values: number[] = [0];
  const queue = new Int32Array(data.length);
  const steps = neighbourSteps(connectivity);
  for (let start = 0; start < data.length; start++) {
    const v = data[start];
    if (ids[start] || !include(v)) continue;
    const id = sizes.length;
    let head = 0, tail = 0, size = 0;
    queue[tail++] = start;
    ids[start] = id;
    while (head < tail) {
      const i = queue[head++];
      size++;
      const x = i % nx, y = Math.floor(i / nx) % ny, z = Math.floor(i / (nx * ny));
      for (const [dx, dy, dz] of steps) {
        const a = x + dx, b = y + dy, c = z + dz;
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        const j = a + nx * (b + ny * c);
        if (!ids[j] && data[j] === v) {
          ids[j] = id;
          queue[tail++] = j;
        }
      }
    }
    sizes.push(size);
    values.push(v);
  }
  return { ids, sizes, values };
}

/**
 * A label map with components removed (set to 0): all but the largest of each label value
 * (`keepLargest`), and any under `minVoxels`.
 */
export function pruneComponents<T extends Uint8Array | Uint16Array>(data: T, dims: Vec3, opts: { connectivity: 6 | 26; keepLargest: boolean; minVoxels: number }): T {
  const { ids, sizes, values } = components(data, dims, opts.connectivity, (v) => v !== 0);
  const largest = new Map<number, number>();
  for (let id = 1; id < sizes.length; id++) {
    const best = largest.get(values[id]);
    if (best === undefined || sizes[id] > sizes[best]) largest.set(values[id], id);
  }
  const keep = sizes.map((size, id) => id > 0 && size >= opts.minVoxels && (!opts.keepLargest || largest.get(values[id]) === id));
  const out = data.slice() as T;
  for (let i = 0; i < out.length; i++) if (ids[i] && !keep[ids[i]]) out[i] = 0;
  return out;
}
