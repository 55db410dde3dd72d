import type { Vec3 } from '../geometry';
import { components } from './components';

export type MorphologyOp = 'dilate' | 'erode' | 'open' | 'close' | 'fill-holes';

/** Offsets of an ellipsoid of `radiusMm` on voxels of `spacing` (centre included). */
export function ball(radiusMm: number, spacing: Vec3): Vec3[] {
  const r = spacing.map((s) => Math.floor(radiusMm / s + 1e-9));
  const out: Vec3[] = [];
  for (let z = -r[2]; z <= r[2]; z++) for (let y = -r[1]; y <= r[1]; y++) for (let x = -r[0]; x <= r[0]; x++) {
    if ((x * spacing[0]) ** 2 + (y * spacing[1]) ** 2 + (z * spacing[2]) ** 2 <= radiusMm * radiusMm + 1e-9) out.push([x, y, z]);
  }
  return out;
}

/** Each labelled voxel spreads its label over the ball into background (the first label to reach a voxel, in memory order, keeps it). */
function dilate<T extends Uint8Array | Uint16Array>(src: T, dims: Vec3, element: Vec3[]): T {
  const [nx, ny, nz] = dims;
  const out = src.slice() as T;
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) {
    const v = src[i];
    if (!v) continue;
    for (const [dx, dy, dz] of element) {
      const a = x + dx, b = y + dy, c = z + dz;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const j = a + nx * (b + ny * c);
      if (!src[j] && !out[j]) out[j] = v;
    }
  }
  return out;
}

/** A voxel keeps its label only if the whole ball around it has that label (outside the volume counts as background). */
function erode<T extends Uint8Array | Uint16Array>(src: T, dims: Vec3, element: Vec3[]): T {
  const [nx, ny, nz] = dims;
  const out = src.slice() as T;
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) {
    const v = src[i];
    if (!v) continue;
    for (const [dx, dy, dz] of element) {
      const a = x + dx, b = y + dy, c = z + dz;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz || src[a + nx * (b + ny * c)] !== v) {
        out[i] = 0;
        break;
      }
    }
  }
  return out;
}

/** Background enclosed by labels (not reaching the volume's faces through background, 6-connected) takes the label most of its border has. */
function fillHoles<T extends Uint8Array | Uint16Array>(src: T, dims: Vec3): T {
  const [nx, ny, nz] = dims;
  const { ids, sizes } = components(src, dims, 6, (v) => v === 0);
  const open = new Uint8Array(sizes.length);
  const votes = sizes.map(() => new Map<number, number>());
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++, i++) {
    const id = ids[i];
    if (!id) continue;
    if (x === 0 || y === 0 || z === 0 || x === nx - 1 || y === ny - 1 || z === nz - 1) open[id] = 1;
    for (const [j, ok] of [[i - 1, x > 0], [i + 1, x < nx - 1], [i - nx, y > 0], [i + nx, y < ny - 1], [i - nx * ny, z > 0], [i + nx * ny, z < nz - 1]] as const) {
      if (ok && src[j]) votes[id].set(src[j], (votes[id].get(src[j]) ?? 0) + 1);
    }
  }
  const fill = votes.map((m, id) => (open[id] || !m.size ? 0 : [...m].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a))[0]));
  const out = src.slice() as T;
  for (let i = 0; i < out.length; i++) if (ids[i] && fill[ids[i]]) out[i] = fill[ids[i]];
  return out;
}

/** Binary morphology applied label by label (as scipy.ndimage's binary_* on a one-label map). */
export function morphology<T extends Uint8Array | Uint16Array>(src: T, dims: Vec3, op: MorphologyOp, element: Vec3[]): T {
  switch (op) {
    case 'dilate': return dilate(src, dims, element);
    case 'erode': return erode(src, dims, element);
    case 'open': return dilate(erode(src, dims, element), dims, element);
    case 'close': return erode(dilate(src, dims, element), dims, element);
    case 'fill-holes': return fillHoles(src, dims);
  }
}
