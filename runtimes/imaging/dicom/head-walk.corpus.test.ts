import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPLICIT_LE, IMPLICIT_LE, walkHead } from './head-walk';
import { elementTable as table } from './fixtures';
import { DICOM_CORPUS, DICOM_DIR } from './oracle-support';
import { parseDicom, type DataSet } from './parse';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(resolve(dir, d.name)) : d.name.endsWith('.dcm') ? [resolve(dir, d.name)] : []));
}

describe('walkHead on the corpus, against dicom-parser', () => {
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
