import { volumeAsTensorShape, type Dim, type PortType } from '../ports';

/**
 * Shape helpers for `inferOutputs`. Conventions as in ports.ts: volumes [x, y, z],
 * tensors [N, C, z, y, x]; `null` is a dimension unknown until run time.
 */

/** The tensor shape a port value has when it feeds a tensor port (volume -> [1,1,z,y,x]). */
export function tensorShapeOf(t: PortType | undefined): Dim[] | undefined {
  if (!t) return undefined;
  if (t.kind === 'volume') return volumeAsTensorShape(t.shape);
  if (t.kind === 'tensor') return t.shape;
  return undefined;
}

/** Spatial [x, y, z] of a 5-D tensor [N, C, z, y, x] or of a volume; unknown dims stay null. */
export function spatialShapeOf(t: PortType | undefined): [Dim, Dim, Dim] {
  if (t?.kind === 'volume' || t?.kind === 'label-map') return t.shape ?? [null, null, null];
  const s = tensorShapeOf(t);
  if (s && s.length === 5) return [s[4], s[3], s[2]];
  return [null, null, null];
}

/** Channel count of a tensor [N, C, ...] (a volume has one channel). */
export function channelsOf(t: PortType | undefined): Dim {
  const s = tensorShapeOf(t);
  return s && s.length >= 2 ? s[1] : null;
}

/** Same rank and every known dim equal (null matches anything). */
export function dimsFit(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

export const formatDims = (s: Dim[]) => `[${s.map((d) => d ?? '?').join(',')}]`;
