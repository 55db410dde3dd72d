import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayDefaults } from './display-defaults';
import { DICOM_CORPUS, DICOM_DIR } from './oracle-support';

const corpus = (f: string) => displayDefaults(new Uint8Array(readFileSync(resolve(DICOM_DIR, f))), f);

describe('displayDefaults on corpus files', () => {
  it.skipIf(!DICOM_CORPUS.ok)(DICOM_CORPUS.title('corpus: header window of the CR, MONOCHROME1 inverted; VOI LUT Sequence as a window over its range'), async () => {
    const cr = await corpus('xray/cr_tiny_rescale.dcm');
    expect(cr.photometric).toBe('MONOCHROME1');
    expect(cr.invert).toBe(true);
    expect([cr.source, cr.window.center, cr.window.width]).toEqual(['header', 1600, 2800]);
    const voi = await corpus('special/voi_lut_seq.dcm');
    expect(voi.source).toBe('voi-lut');
    expect(voi.window.width).toBeGreaterThan(0);
    const ct = await corpus('ct_series_seg/ct_01.dcm');
    expect(ct).toEqual({ photometric: 'MONOCHROME2', invert: false, window: { center: 40, width: 400 }, source: 'header' });
  });
});
