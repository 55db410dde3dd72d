import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeStoredPixels } from './decode';
import { DICOM_CORPUS, DICOM_DIR, decodeFile, maxAbsDiff, oracleRows, sha256 } from './oracle-support';
import { parseDicom } from './parse';
import { modalityTransform, realWorldValues } from './semantics';
import { readDicomSeriesAsync } from './series-async';

const bytes = (f: string) => new Uint8Array(readFileSync(resolve(DICOM_DIR, f)));
/** PROPERTIES.tsv "rescale slope/intercept" of a corpus file ('' when it has none). */
const rescaleOf = (file: string) => {
  const [head, ...rows] = readFileSync(resolve(DICOM_DIR, 'PROPERTIES.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return rows.find((r) => r[0] === file)?.[head.indexOf('rescale slope/intercept')] ?? '';
};
const readAsync = (files: string[]) => readDicomSeriesAsync(files.map(bytes), files);

describe(DICOM_CORPUS.title('readDicomSeriesAsync: every transfer syntax and multi-frame into volumes'), () => {
  it.skipIf(!DICOM_CORPUS.ok)('compressed single-frame files give the same volume as their uncompressed sibling', async () => {
    const pairs: [string, string[]][] = [
      ['ts/MR_small_explicit_le.dcm', ['ts/MR_small_j2k_lossless.dcm', 'ts/MR_small_jpegls_lossless.dcm', 'ts/MR_small_rle.dcm', 'ts/MR_small_explicit_be.dcm']],
      ['ts/CT1_explicit_le.dcm', ['ts/CT1_jpegls_lossless.dcm']],
    ];
    for (const [ref, others] of pairs) {
      const a = await readAsync([ref]);
      // the uncompressed reference itself: the oracle's stored values, rescaled as PROPERTIES.tsv says
      const stored = await decodeFile(resolve(DICOM_DIR, ref));
      expect(sha256(stored.data), ref).toBe(oracleRows().find((r) => r.file === ref)?.sha256_stored_le);
      const [slope, intercept] = (rescaleOf(ref) || '1/0').split('/').map(Number);
      expect(maxAbsDiff(a.volume.data, Array.from(stored.data, (v) => v * slope + intercept)), ref).toBe(0);
      for (const o of others) {
        const b = await readAsync([o]);
        expect(b.volume.geometry, o).toEqual(a.volume.geometry);
        expect(maxAbsDiff(b.volume.data, a.volume.data), o).toBe(0);
      }
    }
  });

  it.skipIf(!DICOM_CORPUS.ok)('enhanced multi-frame: frames placed by per-frame functional groups, identical across codecs', async () => {
    const ct = await readAsync(['multiframe/CT0012_enhanced_explicit_le.dcm']);
    expect(ct.volume.geometry.dims).toEqual([512, 512, 2]);
    expect(ct.warnings).toEqual([]);
    expect(ct.volume.geometry.spacing.map((v) => +v.toFixed(4))).toEqual([0.3887, 0.3887, 10]);
    for (const f of ['multiframe/CT0012_jpeg_lossless_57.dcm', 'multiframe/CT0012_jpeg_lossless_70.dcm', 'multiframe/CT0012_rle.dcm']) {
      const v = (await readAsync([f])).volume;
      expect(v.geometry, f).toEqual(ct.volume.geometry);
      expect(maxAbsDiff(v.data, ct.volume.data), f).toBe(0);
    }
    const mr = await readAsync(['multiframe/MR_enhanced_emri_10f.dcm']);
    expect(mr.volume.geometry.dims).toEqual([64, 64, 10]);
    // This file carries no functional groups at all: stacked by frame, spacing from SpacingBetweenSlices.
    expect(mr.warnings.join(' ')).toMatch(/ImagePositionPatient.*missing/);
    expect(mr.volume.geometry.spacing[2]).toBeCloseTo(1.2, 6);
    const rle = await readAsync(['multiframe/MR_enhanced_emri_10f_rle.dcm']);
    expect(maxAbsDiff(rle.volume.data, mr.volume.data)).toBe(0);
  });

  it.skipIf(!DICOM_CORPUS.ok)('the multi-frame copy of tiny_series_seg equals the three single-frame files', async () => {
    const single = await readAsync(['IMG0001.dcm', 'IMG0002.dcm', 'IMG0003.dcm'].map((f) => `tiny_series_seg/${f}`));
    const multi = await readAsync(['tiny_series_seg/multiframe.dcm']);
    expect(multi.volume.geometry.dims).toEqual(single.volume.geometry.dims);
    expect(multi.volume.geometry.origin.map((v) => +v.toFixed(3))).toEqual(single.volume.geometry.origin.map((v) => +v.toFixed(3)));
    expect(multi.volume.geometry.spacing[2]).toBeCloseTo(single.volume.geometry.spacing[2], 3);
    expect(maxAbsDiff(multi.volume.data, single.volume.data)).toBe(0);
  });

  it.skipIf(!DICOM_CORPUS.ok)('colour and broken files give RuntimeErrors', async () => {
    await expect(readAsync(['us_color/US_ybr422_jpeg_30f.dcm'])).rejects.toMatchObject({ code: 'DICOM_UNSUPPORTED' });
    await expect(readAsync(['malformed/j2k_embedded_seq_delimiter.dcm'])).rejects.toMatchObject({ code: 'CORRUPT_INPUT' });
    await expect(readDicomSeriesAsync([])).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });

  it.skipIf(!DICOM_CORPUS.ok)(DICOM_CORPUS.title('Modality LUT Sequence: the volume holds the LUT output, like realWorldValues'), async () => {
    const file = 'special/modality_lut_seq.dcm';
    const bytes = new Uint8Array(readFileSync(resolve(DICOM_DIR, file)));
    const { volume } = await readDicomSeriesAsync([bytes], [file]);
    const ds = parseDicom(bytes, file);
    const { info, data } = await decodeStoredPixels(ds, file);
    const t = modalityTransform(ds, info, file);
    expect(t.kind).toBe('lut');
    expect(volume.dtype).toBe('float32');
    expect(Array.from(volume.data)).toEqual(Array.from(realWorldValues(data, t)));
  });
});
