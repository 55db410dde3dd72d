/**
 * Port types and the one compatibility function used by the canvas (isValidConnection),
 * the validator and the server. Spatial conventions:
 * - volume shapes are [x, y, z] (NIfTI order, x fastest in memory);
 * - tensor shapes are ONNX order [N, C, z, y, x]; a volume feeds a tensor port as [1, 1, z, y, x].
 * A `null` dimension is unknown until run time and matches anything.
 */
export type Dtype = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
export type Dim = number | null;

export type PortType =
  | { kind: 'dicom-series' }
  | { kind: 'volume'; dtype?: Dtype; shape?: [Dim, Dim, Dim] }
  | { kind: 'tensor'; dtype?: 'float32'; shape?: Dim[] }
  | { kind: 'label-map'; shape?: [Dim, Dim, Dim] }
  | { kind: 'report' };

export type PortKind = PortType['kind'];

export type Compatibility =
  | { ok: true }
  | { ok: false; code: 'incompatible-port' | 'shape-mismatch'; message: string };

export function formatPortType(t: PortType): string {
  const shape = 'shape' in t && t.shape ? `[${t.shape.map((d) => d ?? '?').join(',')}]` : '';
  const dtype = 'dtype' in t && t.dtype ? `<${t.dtype}>` : '';
  return `${t.kind}${dtype}${shape}`;
}

function dimsMatch(a: Dim[], b: Dim[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** The tensor a volume becomes when it feeds a tensor port: [1, 1, z, y, x]. */
export function volumeAsTensorShape(shape?: [Dim, Dim, Dim]): Dim[] {
  const [x, y, z] = shape ?? [null, null, null];
  return [1, 1, z, y, x];
}

export function canConnect(from: PortType, to: PortType): Compatibility {
  const label = `${formatPortType(from)} -> ${formatPortType(to)}`;
  if (from.kind === 'volume' && to.kind === 'tensor') {
    if (from.dtype && from.dtype !== 'float32') {
      return { ok: false, code: 'incompatible-port', message: `${label}: a model takes float32; normalise the volume first` };
    }
    if (to.shape && !dimsMatch(volumeAsTensorShape(from.shape), to.shape)) {
      return { ok: false, code: 'shape-mismatch', message: `${label}: the volume does not fit the tensor shape` };
    }
    return { ok: true };
  }
  if (from.kind !== to.kind) return { ok: false, code: 'incompatible-port', message: `${label}: ${from.kind} cannot feed ${to.kind}` };
  if ('dtype' in from && 'dtype' in to && from.dtype && to.dtype && from.dtype !== to.dtype) {
    return { ok: false, code: 'incompatible-port', message: `${label}: element types differ` };
  }
  const fs = 'shape' in from ? from.shape : undefined;
  const ts = 'shape' in to ? to.shape : undefined;
  if (fs && ts && !dimsMatch(fs, ts)) return { ok: false, code: 'shape-mismatch', message: `${label}: shapes differ` };
  return { ok: true };
}
