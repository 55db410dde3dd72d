import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../../../test/needs';
import { sha256HexSync } from '../../../server/sha256';
import { decodeStoredPixels } from '../decode';
import { parseDicom } from '../parse';
import { deidentify } from './deidentify';

const need = needFiles('dicom/ts', 'dicom/multiframe', 'dicom/us_color');
const OPTS = { key: new Uint8Array(32).fill(3), safePrivate: [], retainLongitudinalModifiedDates: true, retainPatientCharacteristics: false, cleanDescriptors: false };

async function pixelSha(bytes: Uint8Array, name: string) {
  const { data } = await decodeStoredPixels(parseDicom(bytes, name), name);
  return sha256HexSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

describe.runIf(need.ok)(need.title('de-identification keeps the pixels: every transfer syntax of the corpus decodes to the same stored values'), () => {
  const files = need.ok ? ['ts', 'multiframe', 'us_color'].flatMap((d) => readdirSync(corpusPath('dicom', d)).filter((n) => n.endsWith('.dcm')).map((n) => `${d}/${n}`)) : [];
  it.each(files)('%s', async (f) => {
    const input = new Uint8Array(readFileSync(corpusPath('dicom', f)));
    let out;
    try {
      out = deidentify(input, OPTS);
    } catch (e) {
      // dcmjs refuses this one file (a DA value "1997.04.24" over its length): a typed error, not a crash
      expect(f).toBe('us_color/US_rgb_bigendian_small.dcm');
      expect(e).toMatchObject({ code: 'DICOM_PARSE' });
      return;
    }
    expect(await pixelSha(out.bytes, f)).toBe(await pixelSha(input, f));
    if (f.includes('deflate')) expect(out.report.transferSyntax).toBe('1.2.840.10008.1.2.1');
  });
});
