import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isRuntimeError } from '../runtimes/core/errors';
import { decodeStoredPixels } from '../runtimes/imaging/dicom/decode';
import { describeDicom } from '../runtimes/imaging/dicom/describe';
import { parseDicom } from '../runtimes/imaging/dicom/parse';
import { readDicomSeriesAsync } from '../runtimes/imaging/dicom/series-async';
import { writeNifti } from '../runtimes/imaging/nifti';
import { sha256HexSync } from '../runtimes/server/sha256';
import type { CliOptions } from './options';
import { CliError, printJson } from './output';

const USAGE = 'usage: studio dicom info <file> --json | studio dicom pixels <file> --out <file.raw> --json | studio dicom volume <dir> --out <vol.nii.gz> --json';

/**
 * `studio dicom info <file>`: key attributes, transfer syntax, geometry, frames.
 * `studio dicom pixels <file> --out <raw>`: the stored values (after decompression, before
 * rescale/LUT; colour as decoded samples) as little-endian values of the stored type in frame,
 * row, column, sample order; prints `{dtype, frames, rows, cols, samples, sha256}` (sha256 over
 * exactly the bytes written, the ORACLE.tsv definition).
 * `studio dicom volume <dir> --out <vol.nii.gz>`: the series in <dir> (every file, not recursive)
 * as a NIfTI volume (real-world values, LPS geometry written as RAS affine).
 * Failures: `{error:{code,message}}`, exit 1.
 */
export async function dicomCommand(args: string[], opts: CliOptions): Promise<number> {
  const [sub, file] = args;
  if (!['info', 'pixels', 'volume'].includes(sub) || !file) throw new CliError('BAD_ARGUMENTS', USAGE);
  if (sub !== 'info' && !opts.out) throw new CliError('BAD_ARGUMENTS', `--out is required\n${USAGE}`);
  if (sub === 'volume') return volumeCommand(file, opts.out!);
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new CliError('FILE_NOT_FOUND', `${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  try {
    const name = basename(file);
    const ds = parseDicom(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
    if (sub === 'info') {
      await printJson(describeDicom(ds, name));
      return 0;
    }
    const { info, data } = await decodeStoredPixels(ds, name);
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    await writeFile(opts.out!, raw);
    const sha256 = sha256HexSync(raw);
    await printJson({ dtype: info.dtype, frames: info.frames, rows: info.rows, cols: info.cols, samples: info.samples, sha256 });
    return 0;
  } catch (e) {
    if (isRuntimeError(e)) throw new CliError(e.code, e.message, e.details);
    throw e;
  }
}

async function volumeCommand(dir: string, out: string): Promise<number> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    throw new CliError('FILE_NOT_FOUND', `${dir}: ${e.code === 'ENOENT' ? 'no such directory' : e.message}`);
  });
  const files: string[] = [];
  for (const n of names.sort()) if ((await stat(join(dir, n))).isFile()) files.push(n);
  try {
    const { volume, warnings } = await readDicomSeriesAsync(await Promise.all(files.map((n) => readFile(join(dir, n)).then((b) => new Uint8Array(b)))), files);
    const nifti = writeNifti(volume, { gzip: true });
    await writeFile(out, nifti);
    const sha256 = sha256HexSync(nifti);
    await printJson({ files: files.length, dtype: volume.dtype, ...volume.geometry, warnings, sha256 });
    return 0;
  } catch (e) {
    if (isRuntimeError(e)) throw new CliError(e.code, e.message, e.details);
    throw e;
  }
}
