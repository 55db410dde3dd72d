import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusPath, needAll, needFiles } from '../../../test/needs';
import { DICOM_CORPUS, decodeFile, maxAbsDiff, needTools, referenceDecode } from './oracle-support';

/**
 * RGB JPEG baseline without a colour-transform marker (issue 13): DCMTK dcmdjpeg and GDCM keep
 * the samples as stored (PS3.5 8.2.1), libjpeg alone would read them as YCbCr (off by up to 137).
 * Files: Debian python3-pydicom's test files (scripts/prereqs.sh) and a JPEG written by GDCM.
 */
const PYDICOM = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const NO_TRANSFORM = ['SC_jpeg_no_color_transform.dcm', 'SC_jpeg_no_color_transform_2.dcm', 'SC_rgb_jpeg_lossy_gdcm.dcm'].map((f) => join(PYDICOM, f));
// Controls: Adobe marker / component IDs 'R','G','B' (no transform), YBR_FULL (transformed).
const CONTROLS = ['SC_rgb_jpeg_app14_dcmd.dcm', 'SC_rgb_dcmtk_+eb+cr.dcm', 'SC_rgb_dcmtk_+eb+cy+n1.dcm', 'SC_rgb_small_odd_jpeg.dcm'].map((f) => join(PYDICOM, f));
const TOOLS = needTools('gdcmconv', 'dcmdjpeg');
const FILES = needAll(TOOLS, needFiles(...NO_TRANSFORM, ...CONTROLS));
const GDCM_WRITES = needAll(TOOLS, DICOM_CORPUS);
const dir = mkdtempSync(join(tmpdir(), 'jpeg-colour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function againstOracles(file: string, tools: ('gdcmconv' | 'dcmdjpeg')[]): Promise<void> {
  const ours = await decodeFile(file);
  for (const tool of tools) expect(maxAbsDiff(ours.data, (await referenceDecode(file, tool)).data), `${file} vs ${tool}`).toBe(0);
}

describe('RGB JPEG baseline: the colour transform is decided as DCMTK/GDCM do', () => {
  it.skipIf(!FILES.ok)(FILES.title('no marker + PhotometricInterpretation RGB: samples as stored, equal to dcmdjpeg and gdcmconv'), async () => {
    for (const file of NO_TRANSFORM) await againstOracles(file, ['dcmdjpeg', 'gdcmconv']);
  });

  it.skipIf(!FILES.ok)(FILES.title('Adobe/RGB-ID/YBR_FULL codestreams still equal dcmdjpeg'), async () => {
    for (const file of CONTROLS) await againstOracles(file, ['dcmdjpeg']);
  });

  it.skipIf(!GDCM_WRITES.ok)(GDCM_WRITES.title('an RGB JPEG written by gdcmconv --jpeg --lossy decodes like GDCM and DCMTK read it'), async () => {
    const file = join(dir, 'gdcm-rgb-jpeg.dcm');
    execFileSync('gdcmconv', ['--jpeg', '--lossy', '-q', '90', corpusPath('dicom/us_color/SC_rgb_rle_2frame.dcm'), file], { stdio: 'ignore', timeout: 30_000 });
    expect((await decodeFile(file)).info).toMatchObject({ transferSyntax: '1.2.840.10008.1.2.4.50', photometric: 'RGB', frames: 2, samples: 3 });
    await againstOracles(file, ['gdcmconv', 'dcmdjpeg']);
  });
});
