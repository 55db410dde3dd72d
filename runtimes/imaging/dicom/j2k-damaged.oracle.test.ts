import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PYTHON, needAll, needPython } from '../../../test/needs';
import { DICOM_CORPUS, DICOM_DIR, decodeFile, needTools } from './oracle-support';

/**
 * malformed/j2k_embedded_seq_delimiter.dcm (pydicom's JPEG2000-embedded-sequence-delimiter.dcm):
 * the DICOM structure is valid but the bytes FE FF DD E0 overwrite Rsiz and the top of Xsiz in
 * the codestream's SIZ marker, which then declares 3722445056 columns. No toolkit reads it:
 * GDCM (OpenJPEG) fails, pydicom's Pillow handler stops at the decompression-bomb limit. We
 * refuse it too, and the error says what is wrong in words.
 */
const FILE = resolve(DICOM_DIR, 'malformed/j2k_embedded_seq_delimiter.dcm');
const NEED = needAll(DICOM_CORPUS, needTools('gdcmconv'), needPython('pydicom', 'numpy', 'PIL'));

function gdcmReads(file: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'j2k-damaged-'));
  try {
    execFileSync('gdcmconv', ['--raw', file, join(dir, 'raw.dcm')], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pydicomError(file: string): string {
  const script = 'import sys, warnings, pydicom\nwarnings.simplefilter("ignore")\ntry:\n  pydicom.dcmread(sys.argv[1]).pixel_array; print("read")\nexcept Exception as e: print(type(e).__name__)';
  return execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', timeout: 60_000 }).trim();
}

describe('a JPEG 2000 frame whose SIZ marker holds a DICOM sequence delimiter', () => {
  it.skipIf(!NEED.ok)(NEED.title('GDCM and pydicom refuse it; we refuse it as CORRUPT_INPUT and say why'), async () => {
    expect(gdcmReads(FILE)).toBe(false);
    expect(pydicomError(FILE)).toBe('DecompressionBombError');
    const error = await decodeFile(FILE).then(() => undefined, (e: Error) => e);
    expect(error).toMatchObject({ code: 'CORRUPT_INPUT' });
    const message = error?.message ?? '';
    expect(message).toContain('SIZ marker declares a 3722445056x1024x1 image, the DICOM header 256x1024x1');
    expect(message).toContain('FE FF DD E0, a DICOM Sequence Delimitation Item tag (FFFE,E0DD)');
  });
});
