import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolCheck {
  /** dciodvfy lines starting with "Error" (must be none). */
  errors: string[];
  warnings: string[];
  /** dcmdump exit status and its first lines of output. */
  dcmdumpStatus: number | null;
  dump: string;
  /** GDCM's `gdcminfo` summary (SOP class, dimensions, origin, spacing as GDCM reads them). */
  gdcminfo: string;
}

/**
 * Test helper: validates written bytes with the reference toolkits (dicom3tools `dciodvfy`,
 * DCMTK `dcmdump`, GDCM `gdcminfo`), installed from Debian packages on the test machines.
 */
export function checkWithTools(bytes: Uint8Array): ToolCheck {
  const dir = mkdtempSync(join(tmpdir(), 'seg-'));
  try {
    const file = join(dir, 'seg.dcm');
    writeFileSync(file, bytes);
    const v = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    if (v.error) throw v.error;
    const lines = `${v.stdout}\n${v.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
    const d = spawnSync('dcmdump', ['+L', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (d.error) throw d.error;
    const g = spawnSync('gdcminfo', [file], { encoding: 'utf8' });
    if (g.error) throw g.error;
    return {
      errors: lines.filter((l) => l.startsWith('Error')),
      warnings: lines.filter((l) => l.startsWith('Warning')),
      dcmdumpStatus: d.status,
      dump: d.stdout + d.stderr,
      gdcminfo: g.stdout + g.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
