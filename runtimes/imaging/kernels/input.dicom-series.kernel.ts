import { inputDicomSeries } from '../../../domain/nodes/input.dicom-series.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel, type KernelContext, type RunInput } from '../../core/kernel';
import { readDicomSeriesAsync } from '../dicom/series-async';

async function readBlobs(ctx: KernelContext, files: RunInput['files']) {
  const bytes = await Promise.all(files.map((f) => ctx.readBlob(f.sha256)));
  ctx.progress(0.5, `read ${files.length} file(s)`);
  return readDicomSeriesAsync(bytes, files.map((f) => f.name));
}

/** Assembles the run's DICOM files (one series) into a volume plus the series metadata. */
export const kernel = defineKernel(inputDicomSeries, async ({ ctx }) => {
  if (ctx.input.format !== 'dicom') {
    throw new RuntimeError('BAD_NODE_INPUT', `input.dicom-series needs a DICOM scan; this run's scan is ${ctx.input.format}`);
  }
  const files = ctx.input.files;
  // The host's file fast path when it has the blobs on disk (server), else the blob bytes.
  const { volume, series, warnings } = (await ctx.readDicomSeriesFiles?.(files)) ?? (await readBlobs(ctx, files));
  // Warnings (uneven spacing, gaps) travel with the final progress message for the run log.
  ctx.progress(1, warnings.length ? `warning: ${warnings.join('; ')}` : undefined);
  return { volume, series };
});
