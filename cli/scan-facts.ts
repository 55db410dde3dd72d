import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ScanFacts } from '../domain/validation/scan-contract';
import { declaredImage } from '../runtimes/imaging/dicom/declared';
import { parseDicom } from '../runtimes/imaging/dicom/parse';
import { niftiLayout } from '../runtimes/imaging/nifti/head';
import { readNiftiHead } from '../runtimes/server/file-heads';
import { CliError } from './output';
import { filesUnder } from './scan-input';

/**
 * What the preflight needs of a local scan, from headers only: a NIfTI file's dims and type, or
 * a DICOM folder's image size and slice count (one file's header, as the server's estimate reads it).
 */
export async function scanFactsOf(input: string): Promise<ScanFacts> {
  if (!existsSync(input)) throw new CliError('FILE_NOT_FOUND', `input ${input} does not exist`);
  if (statSync(input).isDirectory()) {
    const files = await filesUnder(input);
    if (!files.length) throw new CliError('BAD_ARGUMENTS', `input ${input} holds no files`);
    const d = declaredImage(parseDicom(new Uint8Array(readFileSync(files[0])), files[0], { untilTag: 'x7fe00010' }));
    return { format: 'dicom', dims: [d.cols ?? 1, d.rows ?? 1, files.length * d.frames] };
  }
  const { dims, dtype } = niftiLayout(await readNiftiHead(input));
  return { format: 'nifti', dims: [dims[0], dims[1] ?? 1, dims[2] ?? 1], dtype };
}
