import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needFiles } from '../../../test/needs';
import { DICOM_DIR } from '../dicom/oracle-support';
import { readDicomSeriesAsync } from '../dicom/series-async';
import { readSeg, segToLabelMap } from '../seg';
import { checkWithTools } from '../seg/testing';
import { checkAll, run, TOOLS } from './output.dicom-sc.checks';
import { scEntryName } from './output.dicom-sc.kernel';

const CORPUS_CT = resolve(DICOM_DIR, 'ct_series_seg');
const HAVE_CT = needFiles(...['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm', 'liver_seg.dcm'].map((f) => resolve(CORPUS_CT, f)));

describe('output.dicom-sc on the corpus CT', () => {
  it.skipIf(!HAVE_CT.ok)(HAVE_CT.title(TOOLS.title('corpus CT (3 slices of 512x512) with its liver SEG: valid SCs equal to the overlay PNG')), async () => {
    const names = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'];
    const { volume, series } = await readDicomSeriesAsync(names.map((n) => new Uint8Array(readFileSync(resolve(CORPUS_CT, n)))), names);
    const labels = segToLabelMap(readSeg(new Uint8Array(readFileSync(resolve(CORPUS_CT, 'liver_seg.dcm')))), volume.geometry);
    expect(series.patient?.id).toBeTruthy();
    const { entries } = await run({ image: volume, labels, series });
    await checkAll(entries, volume, labels, series, [0, 1, 2], 0.5);
    if (TOOLS.ok) {
      const dump = checkWithTools(entries[scEntryName(1)]).dump;
      expect(dump).toContain(`(0010,0020) LO [${series.patient!.id}]`);
      expect(dump).toContain('(0028,0010) US 512');
    }
  });
});
