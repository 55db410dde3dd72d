import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON, needAll, needFiles, needPython } from '../../../test/needs';
import { decodeFile, maxAbsDiff, needTools, referenceDecode } from './oracle-support';
import { parseDicom } from './parse';

/**
 * pydicom's SC_rgb_jpeg.dcm (Debian python3-pydicom, scripts/prereqs.sh): the meta header names
 * JPEG Baseline (explicit VR) but the dataset was written in Implicit VR (highdicom 0.1.0).
 * pydicom and GDCM read it as Implicit VR; we refused it as truncated (DICOM_PARSE). Its JPEG also
 * carries a short Adobe APP14 (no transform byte) that libjpeg ignores: RGB as stored.
 */
const FILE = '/usr/lib/python3/dist-packages/pydicom/data/test_files/SC_rgb_jpeg.dcm';
const NEED = needAll(needFiles(FILE), needTools('gdcmconv'), needPython('pydicom', 'numpy', 'PIL'));

/** pydicom's pixel_array (Pillow handler), as bytes in row, column, sample order. */
function pydicomPixels(file: string): Uint8Array {
  const script = 'import sys, warnings, pydicom; warnings.simplefilter("ignore"); a = pydicom.dcmread(sys.argv[1]).pixel_array; sys.stdout.buffer.write(a.astype("uint8").tobytes())';
  return new Uint8Array(execFileSync(PYTHON, ['-c', script, file], { maxBuffer: 1 << 26, timeout: 60_000 }));
}

describe('a dataset in Implicit VR under an explicit transfer syntax', () => {
  it.skipIf(!NEED.ok)(NEED.title('SC_rgb_jpeg.dcm decodes to the values pydicom and gdcmconv give'), async () => {
    const ours = await decodeFile(FILE);
    expect(ours.info).toMatchObject({ transferSyntax: '1.2.840.10008.1.2.4.50', photometric: 'RGB', rows: 256, cols: 256, samples: 3 });
    expect(maxAbsDiff(ours.data, pydicomPixels(FILE))).toBe(0);
    expect(maxAbsDiff(ours.data, (await referenceDecode(FILE, 'gdcmconv')).data)).toBe(0);
  });

  it.skipIf(!NEED.ok)(NEED.title('a well-formed explicit file still parses as explicit (its VRs are kept)'), () => {
    const file = join(FILE, '../SC_rgb_jpeg_dcmtk.dcm');
    const ds = parseDicom(new Uint8Array(readFileSync(file)), file);
    expect(ds.elements.x00280004?.vr).toBe('CS');
  });
});
