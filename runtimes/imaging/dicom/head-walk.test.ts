import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticDicom } from './fixtures';
import { EXPLICIT_LE, IMPLICIT_LE, walkHead } from './head-walk';
import { DICOM_CORPUS, DICOM_DIR } from './oracle-support';
import { parseDicom, type DataSet } from './parse';

/** The top-level element table as dicom-parser builds it (what the walker must reproduce). */
const table = (ds: DataSet, upTo: number) =>
  Object.fromEntries(Object.values(ds.elements).filter((e) => e.dataOffset <= upTo).map((e) => [e.tag, [e.vr, e.length, e.dataOffset]]));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(resolve(dir, d.name)) : d.name.endsWith('.dcm') ? [resolve(dir, d.name)] : []));
}

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

  it.skipIf(!DICOM_CORPUS.ok)(DICOM_CORPUS.title('every little-endian corpus file: identical tables (sequences, private and UN elements)'), () => {
    let ok = 0;
    for (const f of files(DICOM_DIR)) {
      const bytes = new Uint8Array(readFileSync(f));
      const w = walkHead(bytes);
      let ref: DataSet | undefined;
      try {
        ref = parseDicom(bytes, f);
      } catch {
        ref = undefined;
      }
      const ts = ref?.string('x00020010');
      if (!ref || (ts !== IMPLICIT_LE && ts !== EXPLICIT_LE) || !ref.elements.x7fe00010) continue; // not for the walker
      expect(w.kind, relative(DICOM_DIR, f)).toBe('ok');
      if (w.kind !== 'ok') continue;
      const px = ref.elements.x7fe00010;
      expect(w.pixelData.dataOffset, f).toBe(px.dataOffset);
      expect(table(w.ds, px.dataOffset - 1), relative(DICOM_DIR, f)).toEqual(table(ref, px.dataOffset - 1));
      ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(20);
  });
});
