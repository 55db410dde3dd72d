import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toRgb } from './colour';
import { displayWindow, toDisplay } from './display';
import { DICOM_CORPUS, DICOM_DIR, decodeFile, maxAbsDiff, needTools, oracleRows, stats } from './oracle-support';
import { parseDicom } from './parse';
import { modalityTransform, paddingMask, realWorldValues } from './semantics';

const DCMTK = needTools('dcm2pnm');
const load = async (file: string) => {
  const path = resolve(DICOM_DIR, file);
  const ds = parseDicom(new Uint8Array(readFileSync(path)), file);
  return { ds, ...(await decodeFile(path)) };
};

/** DCMTK's rendering (dcm2pnm, raw PGM/PPM) of a file, as pixel bytes. */
function dcmtkRender(file: string, args: string[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'dcm2pnm-'));
  try {
    execFileSync('dcm2pnm', ['--write-raw-pnm', ...args, resolve(DICOM_DIR, file), join(dir, 'out.pnm')], { stdio: 'ignore' });
    const b = readFileSync(join(dir, 'out.pnm'));
    let p = 0;
    for (let fields = 0; fields < 4; p++) if (b[p] === 0x0a || b[p] === 0x20) fields++; // "P6\nW H\n255\n"
    return new Uint8Array(b.subarray(p));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(DICOM_CORPUS.title('pixel semantics on the corpus'), () => {
  it.skipIf(!DICOM_CORPUS.ok)('real-world values (rescale / modality LUT) match the oracle for every greyscale ok row', async () => {
    const rows = oracleRows().filter((r) => r.status === 'ok' && r.photometric_out.startsWith('MONOCHROME') && !/modality_lut_seq|j2k_embedded|nearlossless|jpeg_extended/.test(r.file));
    for (const row of rows) {
      const { ds, info, data } = await load(row.file);
      const s = stats(realWorldValues(data, modalityTransform(ds, info, row.file)));
      expect(s.min, row.file).toBeCloseTo(Number(row.rescaled_min), 2);
      expect(s.max, row.file).toBeCloseTo(Number(row.rescaled_max), 2);
      expect(Math.abs(s.mean - Number(row.rescaled_mean)), row.file).toBeLessThan(1e-3 * Math.max(1, Math.abs(Number(row.rescaled_mean))));
    }
    expect(rows.length).toBeGreaterThan(40);
  });

  it.skipIf(!DICOM_CORPUS.ok)('Modality LUT Sequence maps each (sign-extended) stored value through LUT Data', async () => {
    const { ds, info, data } = await load('special/modality_lut_seq.dcm');
    const t = modalityTransform(ds, info, 'modality_lut_seq');
    expect(t.kind).toBe('lut');
    if (t.kind !== 'lut') return;
    expect([t.lut.first, t.lut.data.length, t.lut.bits]).toEqual([-2048, 4096, 16]);
    const real = realWorldValues(data, t);
    for (let i = 0; i < data.length; i += 997) expect(real[i]).toBe(t.lut.data[data[i] + 2048]);
  });

  it.skipIf(!DICOM_CORPUS.ok || !DCMTK.ok)(DCMTK.title('palette colour and YBR_FULL_422 to RGB match DCMTK dcm2pnm'), async () => {
    for (const [file, tol] of [['us_color/US_palette_8bit.dcm', 0], ['us_color/SC_ybr_full_422_uncompressed.dcm', 1]] as const) {
      const { ds, info, data } = await load(file);
      expect(maxAbsDiff(toRgb(data, info, ds, file), dcmtkRender(file, [])), file).toBeLessThanOrEqual(tol);
    }
  });

  it.skipIf(!DICOM_CORPUS.ok || !DCMTK.ok)(DCMTK.title('display: window (MONOCHROME1 inverted) and VOI LUT Sequence match DCMTK dcm2pnm within 1'), async () => {
    for (const [file, args, kind] of [['xray/cr_tiny_rescale.dcm', ['+Wi', '1'], 'window'], ['special/voi_lut_seq.dcm', ['+Wl', '1'], 'lut']] as const) {
      const { ds, info, data } = await load(file);
      const real = realWorldValues(data, modalityTransform(ds, info, file));
      const w = displayWindow(ds, info, real, file);
      expect(w.kind, file).toBe(kind);
      expect(maxAbsDiff(toDisplay(real, w), dcmtkRender(file, [...args])), file).toBeLessThanOrEqual(1);
    }
  });
});

describe('pixel semantics, synthetic', () => {
  const info = { photometric: 'YBR_FULL', samples: 3, bitsStored: 8, transferSyntax: '1.2.840.10008.1.2.1' } as Parameters<typeof toRgb>[1];
  it('YBR_FULL to RGB: grey stays grey, BT.601 red comes back red', () => {
    const rgb = toRgb(new Uint8Array([128, 128, 128, 76, 85, 255]), info, parseDicomStub());
    expect([...rgb.subarray(0, 3)]).toEqual([128, 128, 128]);
    expect(maxAbsDiff(rgb.subarray(3), [255, 0, 0])).toBeLessThanOrEqual(2);
  });

  it('window LINEAR per PS3.3 C.11.2.1.2, MONOCHROME1 inverts', () => {
    const w = { kind: 'window', center: 40, width: 400, fn: 'LINEAR', invert: false, source: 'header' } as const;
    expect([...toDisplay([-1000, -160, 40, 240, 3000], w)]).toEqual([0, 0, 128, 255, 255]);
    expect([...toDisplay([-1000, 3000], { ...w, invert: true })]).toEqual([255, 0]);
  });

  it('pixel padding value and range limit mark "no data" stored values', () => {
    const ds = parseDicomStub({ x00280120: -2000, x00280121: -1000 });
    const i = { signed: true } as Parameters<typeof paddingMask>[2];
    expect([...paddingMask(ds, new Int16Array([-2000, -1500, -1000, -999, 0]), i)!]).toEqual([1, 1, 1, 0, 0]);
    expect(paddingMask(parseDicomStub(), new Int16Array(2), i)).toBeUndefined();
  });
});

/** A minimal DataSet stand-in with SS/US values for the tags given. */
function parseDicomStub(values: Record<string, number> = {}) {
  return {
    elements: Object.fromEntries(Object.keys(values).map((k) => [k, { tag: k }])),
    int16: (tag: string) => values[tag],
    uint16: (tag: string) => values[tag],
    string: () => undefined,
  } as unknown as ReturnType<typeof parseDicom>;
}
