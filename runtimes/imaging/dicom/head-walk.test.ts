import { describe, expect, it } from 'vitest';
import { elementTable as table, syntheticDicom } from './fixtures';
import { EXPLICIT_LE, walkHead } from './head-walk';
import { parseDicom } from './parse';

describe('walkHead: the element table up to Pixel Data, as dicom-parser builds it', () => {
  it('explicit LE, grows on cut headers, refuses other syntaxes and non-Part 10 bytes', () => {
    const bytes = syntheticDicom({ rows: 9, cols: 13, signed: true, intercept: -1024 });
    const w = walkHead(bytes);
    expect(w.kind).toBe('ok');
    if (w.kind !== 'ok') return;
    expect(w.transferSyntax).toBe(EXPLICIT_LE);
    expect(table(w.ds, w.pixelData.dataOffset)).toEqual(table(parseDicom(bytes), w.pixelData.dataOffset));
    expect(w.pixelData.dataOffset + w.pixelData.length).toBe(bytes.length);
    for (const cut of [0, 100, 140, w.pixelData.dataOffset - 1]) expect(walkHead(bytes.subarray(0, cut)).kind, `cut ${cut}`).toBe('more');
    expect(walkHead(syntheticDicom({ transferSyntax: '1.2.840.10008.1.2.2' })).kind).toBe('other');
    expect(walkHead(bytes.subarray(132)).kind).toBe('other');
  });
});
