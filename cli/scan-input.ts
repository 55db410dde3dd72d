import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceDeps } from '../server/context';
import { createScanFromStaged, type StagedUpload } from '../server/scans/service';
import { CliError } from './output';

/** Regular files under `dir` (recursive, sorted): a DICOM series folder may nest. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * `--input <file|dir>` as a scan, through the same service as browser uploads: one NIfTI file,
 * or the DICOM files of one series; a bad file is refused before anything is stored.
 */
export async function createScanFromPath(svc: ServiceDeps, input: string, limitBytes: number) {
  if (!existsSync(input)) throw new CliError('FILE_NOT_FOUND', `input ${input} does not exist`);
  const files = statSync(input).isDirectory() ? await filesUnder(input) : [input];
  const uploads: StagedUpload[] = [];
  try {
    for (const file of files) {
      uploads.push({ fileName: path.relative(statSync(input).isDirectory() ? input : path.dirname(input), file), staged: await svc.blobs.stage(createReadStream(file), { limitBytes }) });
    }
  } catch (e) {
    await Promise.all(uploads.map((u) => u.staged.discard()));
    throw e;
  }
  return createScanFromStaged(svc, { uploads });
}
