import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import type { Dtype } from '../../../domain/ports';
import { RuntimeError } from '../../core/errors';
import type { Geometry, TypedArray, VolumeValue } from '../../core/values';
import { readNifti } from './read';
import { writeNifti } from './write';

const ARRAYS: Record<Dtype, new (n: number) => TypedArray> = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
};

/** Oblique geometry: 20 degrees about z then 10 about x, anisotropic spacing, odd dims. */
function obliqueGeometry(dims: [number, number, number]): Geometry {
  const [a, b] = [(20 * Math.PI) / 180, (10 * Math.PI) / 180];
  const rz = [Math.cos(a), Math.sin(a), 0, -Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  // columns of Rx * Rz (column-major)
  const rx = (v: number[]) => [v[0], Math.cos(b) * v[1] - Math.sin(b) * v[2], Math.sin(b) * v[1] + Math.cos(b) * v[2]];
  const dir = [...rx(rz.slice(0, 3)), ...rx(rz.slice(3, 6)), ...rx(rz.slice(6, 9))] as Geometry['direction'];
  return { dims, spacing: [0.8, 1.25, 3], origin: [-12.5, 40.25, -7], direction: dir };
}

function volume(dtype: Dtype, geometry: Geometry): VolumeValue {
  const n = geometry.dims[0] * geometry.dims[1] * geometry.dims[2];
  const data = new ARRAYS[dtype](n);
  for (let i = 0; i < n; i++) data[i] = dtype.startsWith('float') ? (i % 97) * 0.37 - 11.5 : ((i * 7919) % 251) - (dtype.startsWith('int') ? 120 : 0);
  if (dtype === 'int16') data[1] = -32768;
  if (dtype === 'uint16') data[2] = 65535;
  if (dtype === 'int32') data[3] = -2147483648;
  if (dtype === 'uint32') data[4] = 4294967295;
  return { type: 'volume', dtype, geometry, data };
}

function expectGeometryClose(a: Geometry, b: Geometry): void {
  expect(a.dims).toEqual(b.dims);
  a.spacing.forEach((x, i) => expect(x).toBeCloseTo(b.spacing[i], 5));
  a.origin.forEach((x, i) => expect(x).toBeCloseTo(b.origin[i], 4));
  a.direction.forEach((x, i) => expect(x).toBeCloseTo(b.direction[i], 5));
}

function expectError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as RuntimeError).code).toBe(code);
    return;
  }
  throw new Error(`expected RuntimeError ${code}`);
}

describe('NIfTI-1 round trip', () => {
  for (const dtype of Object.keys(ARRAYS) as Dtype[]) {
    for (const gz of [true, false]) {
      it(`${dtype} ${gz ? '.nii.gz' : '.nii'} keeps values, dtype and oblique geometry`, () => {
        const v = volume(dtype, obliqueGeometry([5, 4, 3]));
        const back = readNifti(writeNifti(v, { gzip: gz }));
        expect(back.dtype).toBe(dtype);
        expect(back.data).toEqual(v.data);
        expectGeometryClose(back.geometry, v.geometry);
      });
    }
  }

  it('writes identical bytes for identical values (no timestamps)', () => {
    const v = volume('int16', obliqueGeometry([6, 5, 4]));
    expect(writeNifti(v, { gzip: true })).toEqual(writeNifti(v, { gzip: true }));
  });

  it('writes label maps with intent label and reads them back as uint8', () => {
    const g = obliqueGeometry([3, 3, 2]);
    const data = Uint8Array.from({ length: 18 }, (_, i) => i % 3);
    const back = readNifti(writeNifti({ type: 'label-map', geometry: g, data, labels: [] }, { gzip: true }));
    expect(back.dtype).toBe('uint8');
    expect(back.data).toEqual(data);
  });

  it('uses the qform (with qfac -1) when there is no sform', () => {
    const g: Geometry = { dims: [2, 2, 2], spacing: [1, 2, 3], origin: [5, 6, 7], direction: [-1, 0, 0, 0, 1, 0, 0, 0, -1] };
    const bytes = writeNifti(volume('uint8', g), { gzip: false });
    new DataView(bytes.buffer).setInt16(254, 0, true); // sform_code = 0
    expectGeometryClose(readNifti(bytes).geometry, g);
    const oblique = obliqueGeometry([2, 2, 2]);
    const b2 = writeNifti(volume('uint8', oblique), { gzip: false });
    new DataView(b2.buffer).setInt16(254, 0, true);
    expectGeometryClose(readNifti(b2).geometry, oblique);
  });

  it('falls back to pixdim (RAS axes) without qform and sform', () => {
    const bytes = writeNifti(volume('uint8', { dims: [2, 2, 2], spacing: [1.5, 2, 2.5], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }), { gzip: false });
    const v = new DataView(bytes.buffer);
    v.setInt16(252, 0, true);
    v.setInt16(254, 0, true);
    const g = readNifti(bytes).geometry;
    expect(g.spacing).toEqual([1.5, 2, 2.5]);
    expect(g.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });

  it('applies scl_slope/inter as float32 and ignores slope 0', () => {
    const bytes = writeNifti(volume('int16', obliqueGeometry([2, 2, 1])), { gzip: false });
    const v = new DataView(bytes.buffer);
    v.setFloat32(112, 0.5, true);
    v.setFloat32(116, -3, true);
    const scaled = readNifti(bytes);
    expect(scaled.dtype).toBe('float32');
    const raw = new Int16Array(bytes.slice(352).buffer);
    expect(Array.from(scaled.data)).toEqual(Array.from(raw, (x) => x * 0.5 - 3));
    v.setFloat32(112, 0, true);
    expect(readNifti(bytes).dtype).toBe('int16');
  });

  it('reads big-endian files', () => {
    const le = writeNifti(volume('int16', obliqueGeometry([3, 2, 2])), { gzip: false });
    const be = new Uint8Array(le);
    const src = new DataView(le.buffer);
    const dst = new DataView(be.buffer);
    // Swap every header field we read plus the int16 voxels.
    dst.setInt32(0, 348, false);
    for (let o = 40; o < 76; o += 2) dst.setInt16(o, src.getInt16(o, true), false);
    for (let o = 76; o < 148; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    for (const o of [252, 254]) dst.setInt16(o, src.getInt16(o, true), false);
    for (let o = 256; o < 328; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    for (let o = 352; o < le.length; o += 2) dst.setInt16(o, src.getInt16(o, true), false);
    const a = readNifti(le);
    const b = readNifti(be);
    expect(b.data).toEqual(a.data);
    expect(b.geometry).toEqual(a.geometry);
  });

  it('accepts 4D with t=1 and refuses t>1 with a typed error', () => {
    const bytes = writeNifti(volume('uint8', obliqueGeometry([2, 2, 2])), { gzip: false });
    const v = new DataView(bytes.buffer);
    v.setInt16(40, 4, true);
    v.setInt16(48, 1, true);
    expect(readNifti(bytes).geometry.dims).toEqual([2, 2, 2]);
    v.setInt16(48, 2, true);
    expectError(() => readNifti(bytes), 'UNSUPPORTED_FORMAT');
  });
});

describe('NIfTI-1 bad input', () => {
  const good = () => writeNifti(volume('int16', obliqueGeometry([8, 8, 8])), { gzip: false });

  it('0 bytes -> EMPTY_INPUT', () => expectError(() => readNifti(new Uint8Array(0)), 'EMPTY_INPUT'));

  it('truncated gzip -> TRUNCATED_INPUT', () => {
    const gz = writeNifti(volume('int16', obliqueGeometry([8, 8, 8])), { gzip: true });
    for (const keep of [5, 15, 40, Math.floor(gz.length / 2), gz.length - 9, gz.length - 1]) {
      expectError(() => readNifti(gz.subarray(0, keep)), 'TRUNCATED_INPUT');
    }
  });

  it('fewer voxel bytes than the header says -> TRUNCATED_INPUT (plain and gzip)', () => {
    const cut = good().subarray(0, 900);
    expectError(() => readNifti(cut), 'TRUNCATED_INPUT');
    expectError(() => readNifti(gzipSync(cut)), 'TRUNCATED_INPUT');
    expectError(() => readNifti(good().subarray(0, 200)), 'TRUNCATED_INPUT');
  });

  it('random bytes, a PNG header, NIfTI-2 or a bad magic -> UNSUPPORTED_FORMAT', () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    expectError(() => readNifti(random), 'UNSUPPORTED_FORMAT');
    const png = new Uint8Array(500);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expectError(() => readNifti(png), 'UNSUPPORTED_FORMAT');
    expectError(() => readNifti(gzipSync(png)), 'UNSUPPORTED_FORMAT');
    const n2 = new Uint8Array(600);
    new DataView(n2.buffer).setInt32(0, 540, true);
    expectError(() => readNifti(n2), 'UNSUPPORTED_FORMAT');
    const magic = good();
    magic[345] = 0x58;
    expectError(() => readNifti(magic), 'UNSUPPORTED_FORMAT');
  });

  it('nonsense dims, datatype or offsets -> CORRUPT_INPUT / UNSUPPORTED_FORMAT', () => {
    const cases: [(v: DataView) => void, string][] = [
      [(v) => v.setInt16(40, 0, true), 'CORRUPT_INPUT'],
      [(v) => v.setInt16(40, 9, true), 'CORRUPT_INPUT'],
      [(v) => v.setInt16(44, -5, true), 'CORRUPT_INPUT'],
      [(v) => v.setInt16(42, 0, true), 'CORRUPT_INPUT'],
      [(v) => (v.setInt16(42, 32767, true), v.setInt16(44, 32767, true), v.setInt16(46, 32767, true)), 'CORRUPT_INPUT'],
      [(v) => v.setInt16(72, 8, true), 'CORRUPT_INPUT'],
      [(v) => v.setFloat32(108, 10, true), 'CORRUPT_INPUT'],
      [(v) => v.setFloat32(108, NaN, true), 'CORRUPT_INPUT'],
      [(v) => v.setInt16(70, 128, true), 'UNSUPPORTED_FORMAT'],
      [(v) => v.setInt16(70, 1234, true), 'UNSUPPORTED_FORMAT'],
    ];
    for (const [mutate, code] of cases) {
      const b = good();
      mutate(new DataView(b.buffer));
      expectError(() => readNifti(b), code);
    }
  });

  it('corrupt deflate data -> CORRUPT_INPUT or TRUNCATED_INPUT, never a raw error', () => {
    const gz = writeNifti(volume('int16', obliqueGeometry([8, 8, 8])), { gzip: true });
    for (let i = 0; i < 200; i++) {
      const m = new Uint8Array(gz);
      m[10 + ((i * 7919) % (gz.length - 18))] ^= 1 << (i % 8);
      try {
        readNifti(m);
      } catch (e) {
        expect(e).toBeInstanceOf(RuntimeError);
      }
    }
  });
});
