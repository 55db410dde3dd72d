import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DICOM_CORPUS, DICOM_DIR, oracleRows } from '../runtimes/imaging/dicom/oracle-support';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'studio-dicom-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `studio dicom ...`; resolves with exit code and parsed stdout JSON. */
async function studio(...args: string[]): Promise<{ code: number; json: Record<string, any> }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(ROOT, 'cli/studio.mjs'), 'dicom', ...args], { cwd: ROOT });
    return { code: 0, json: JSON.parse(stdout) };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, json: JSON.parse(err.stdout) };
  }
}

describe(DICOM_CORPUS.title('studio dicom info|pixels|volume'), () => {
  it.skipIf(!DICOM_CORPUS.ok)('pixels writes the stored values with the ORACLE sha256 (multi-frame JPEG lossless, RLE colour)', async () => {
    const rows = oracleRows();
    for (const file of ['multiframe/CT0012_jpeg_lossless_57.dcm', 'us_color/SC_rgb_rle_2frame.dcm']) {
      const row = rows.find((r) => r.file === file)!;
      const out = join(dir, 'p.raw');
      const { code, json } = await studio('pixels', resolve(DICOM_DIR, file), '--out', out, '--json');
      expect(code, file).toBe(0);
      expect(json).toEqual({ dtype: row.dtype, frames: +row.frames, rows: +row.rows, cols: +row.cols, samples: +row.samples, sha256: row.sha256_stored_le });
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(row.sha256_stored_le);
    }
  });

  it.skipIf(!DICOM_CORPUS.ok)('info reports transfer syntax, frames and per-frame geometry; failures are JSON errors with exit 1', async () => {
    const { code, json } = await studio('info', resolve(DICOM_DIR, 'multiframe/CT0012_rle.dcm'), '--json');
    expect(code).toBe(0);
    expect(json.transferSyntax).toMatchObject({ uid: '1.2.840.10008.1.2.5', encapsulated: true, lossy: false });
    expect(json.image).toMatchObject({ frames: 2, rows: 512, cols: 512, dtype: 'uint16' });
    expect(json.geometry.framePositions).toHaveLength(2);
    const bad = await studio('pixels', resolve(DICOM_DIR, 'malformed/j2k_embedded_seq_delimiter.dcm'), '--out', join(dir, 'x.raw'), '--json');
    expect(bad).toMatchObject({ code: 1, json: { error: { code: 'CORRUPT_INPUT' } } });
    const missing = await studio('info', join(dir, 'nope.dcm'), '--json');
    expect(missing).toMatchObject({ code: 1, json: { error: { code: 'FILE_NOT_FOUND' } } });
  });

  it.skipIf(!DICOM_CORPUS.ok)('volume assembles a series directory into a .nii.gz with its geometry', async () => {
    const out = join(dir, 'v.nii.gz');
    const { code, json } = await studio('volume', resolve(DICOM_DIR, 'ct_series_5slice'), '--out', out, '--json');
    expect(code).toBe(0);
    expect(json).toMatchObject({ files: 5, dtype: 'int16', dims: [16, 16, 5], warnings: [] });
    expect(json.spacing[2]).toBeCloseTo(2.5, 4);
    expect([...readFileSync(out).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});
