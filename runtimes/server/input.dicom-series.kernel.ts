import { access } from 'node:fs/promises';
import { inputDicomSeries } from '../../domain/nodes/input.dicom-series.node';
import { defineKernel, type KernelContext } from '../core/kernel';
import { dicomFiles, kernel as generic, seriesOutputs } from '../imaging/kernels/input.dicom-series.kernel';
import { readDicomSeriesFiles } from './dicom-files';

/** The run's DICOM files on disk (ctx.blobPath), or undefined when the host has no file for one of them. */
async function blobFiles(ctx: KernelContext): Promise<string[] | undefined> {
  const files = dicomFiles(ctx);
  const paths = files.map((f) => ctx.blobPath?.(f.sha256));
  if (paths.length === 0 || paths.some((p) => p === undefined)) return undefined;
  try {
    await Promise.all(paths.map((p) => access(p!)));
  } catch {
    return undefined;
  }
  return paths as string[];
}

/**
 * The server's input.dicom-series (registered over the catalogue's by runtimes/server): the
 * blob files read straight into the volume (dicom-files.ts). Without files (no blobPath, a
 * blob missing) the catalogue's kernel reads the bytes through readBlob, which reports a
 * missing blob. Same outputs and errors either way.
 */
export const kernel = defineKernel(inputDicomSeries, async (args) => {
  const paths = await blobFiles(args.ctx);
  if (!paths) return generic.run(args);
  return seriesOutputs(args.ctx, await readDicomSeriesFiles(paths, args.ctx.input.files.map((f) => f.name)));
});
