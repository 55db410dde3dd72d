import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DicomSeriesValue } from '../../core/values';
import { decodeStoredPixels } from '../dicom/decode';
import { needTools } from '../../../test/needs';
import { parseDicom } from '../dicom/parse';
import { sourceModules } from '../dicom/source-modules';
import { letters, writeSecondaryCaptures, type ScImage, type ScWriteOptions } from './secondary-capture';
import { checkWithTools } from './testing';

const TOOLS = needTools('dciodvfy', 'dcmdump', 'gdcminfo', 'dcm2pnm');

const CT = '1.2.840.10008.5.1.4.1.1.2';
const series: DicomSeriesValue = {
  type: 'dicom-series',
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.4',
  frameOfReferenceUid: '1.2.3.5',
  instances: [0, 1].map((k) => ({ sopClassUid: CT, sopInstanceUid: `1.2.3.4.${k + 1}`, position: [0, 0, 2 * k] })),
  patient: { name: 'Müller^Jürgen', id: 'P1', birthDate: '19800101', sex: 'M' },
  study: { date: '20240102', time: '101010', id: 'S1', accessionNumber: 'A1', description: 'CT abdomen' },
};
// 5 columns x 3 rows of distinct bytes per image, so any reordering of samples shows.
const picture = (n: number, seed = 0): ScImage => ({
  width: 5,
  height: 3,
  rgb: Uint8Array.from({ length: 45 }, (_, i) => (i * 37 + n * 11 + seed) & 0xff),
  source: series.instances[n],
  instanceNumber: n + 1,
});
const options: ScWriteOptions = {
  algorithmName: 'liver-net',
  algorithmVersion: '2.1.0',
  modelSha256: 'ef'.repeat(32),
  derivation: 'test overlay',
  axes: { row: [1, 0, 0], column: [0, 1, 0] },
  pixelSpacing: [0.25, 0.5],
};

async function write(seed = 0, opts = options): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  await writeSecondaryCaptures(series, { count: 2, render: (n) => picture(n, seed) }, opts, (bytes) => void out.push(bytes));
  return out;
}

/** DCMTK's own decode of an RGB file as a binary PPM (P6): an independent reader. */
function dcmtkRgb(bytes: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'sc-'));
  try {
    writeFileSync(join(dir, 'in.dcm'), bytes);
    const r = spawnSync('dcm2pnm', ['--write-raw-pnm', join(dir, 'in.dcm'), join(dir, 'out.ppm')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dcm2pnm failed: ${r.stderr}`);
    const ppm = readFileSync(join(dir, 'out.ppm'));
    // Header "P6\n<w> <h>\n255\n": the pixels follow the third newline.
    let at = 0;
    for (let lines = 0; lines < 3; at++) if (ppm[at] === 10) lines++;
    return new Uint8Array(ppm.subarray(at));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('writeSecondaryCaptures', () => {
  it('writes one RGB SC per picture that our reader decodes back to the same bytes, deterministically', async () => {
    const files = await write();
    expect(files).toHaveLength(2);
    for (const [n, bytes] of files.entries()) {
      const ds = parseDicom(bytes);
      const { info, data } = await decodeStoredPixels(ds, 'sc');
      expect([info.rows, info.cols, info.samples, info.frames]).toEqual([3, 5, 3, 1]);
      expect(Buffer.compare(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), picture(n).rgb)).toBe(0);
      expect(ds.elements.x00081140.items![0].dataSet!.string('x00081155')).toBe(`1.2.3.4.${n + 1}`);
      expect(ds.elements.x00082112.items![0].dataSet!.string('x00081155')).toBe(`1.2.3.4.${n + 1}`);
      expect(sourceModules(ds).patient).toEqual(series.patient);
    }
    const uid = (b: Uint8Array, tag: string) => parseDicom(b).string(tag);
    expect(uid(files[0], 'x0020000e')).toBe(uid(files[1], 'x0020000e'));
    expect(uid(files[0], 'x0020000e')).not.toBe(series.seriesInstanceUid);
    expect(uid(files[0], 'x00080018')).not.toBe(uid(files[1], 'x00080018'));
    const again = await write();
    expect(again.every((b, n) => Buffer.compare(b, files[n]) === 0)).toBe(true);
    // Other pixels: another series (UIDs follow the pictures, as the SEG's follow its frames).
    expect(uid((await write(1))[0], 'x0020000e')).not.toBe(uid(files[0], 'x0020000e'));
  });

  it.skipIf(!TOOLS.ok)(TOOLS.title('passes dciodvfy with no errors and no attribute outside the SC IOD; DCMTK and GDCM read it'), async () => {
    for (const [n, bytes] of (await write()).entries()) {
      const t = checkWithTools(bytes);
      if (n === 0) console.log(`synthetic SC: dciodvfy warnings:\n  ${t.warnings.join('\n  ') || '(none)'}`);
      expect(t.errors).toEqual([]);
      expect(t.warnings.filter((w) => w.includes('not present in standard DICOM IOD'))).toEqual([]);
      expect(t.dcmdumpStatus).toBe(0);
      for (const line of [
        '(0002,0002) UI =SecondaryCaptureImageStorage',
        '(0008,0005) CS [ISO_IR 192]',
        '(0008,0060) CS [OT]',
        '(0008,103e) LO [NOT FOR DIAGNOSTIC USE - liver-net 2.1.0 overlay]',
        `(0008,1155) UI [1.2.3.4.${n + 1}]`,
        '(0010,0010) PN [Müller^Jürgen]',
        '(0020,000d) UI [1.2.3]',
        '(0020,0020) CS [L\\P]',
        '(0028,0002) US 3',
        '(0028,0004) CS [RGB]',
        '(0028,0006) US 0',
        '(0028,0030) DS [0.25\\0.5]',
        '(0028,0100) US 8',
        '(0028,0301) CS [NO]',
        `(0018,1000) LO [${'ef'.repeat(32)}]`,
      ]) {
        expect(t.dump).toContain(line);
      }
      expect(t.dump).toContain(`pipelineVersion=2.1.0;modelSha256=${'ef'.repeat(32)};algorithm=liver-net`);
      expect(t.dump).toMatch(/\(0020,4000\) LT \[NOT FOR DIAGNOSTIC USE\./);
      expect(t.gdcminfo).toContain('Secondary Capture Image Storage');
      expect(Buffer.compare(dcmtkRgb(bytes), picture(n).rgb)).toBe(0);
    }
  });

  it('names patient directions for PatientOrientation, largest component first', () => {
    expect([letters([1, 0, 0]), letters([0, -1, 0]), letters([-0.6, 0, 0.8]), letters([0.999, 0.04, 0])]).toEqual(['L', 'A', 'HR', 'L']);
  });

  it('refuses pictures that do not fit their size with BAD_NODE_INPUT', async () => {
    const bad = { ...picture(0), width: 4 };
    await expect(writeSecondaryCaptures(series, { count: 1, render: () => bad }, options, () => {})).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });
});
