import { inputDicomSeries } from '../../../domain/nodes/input.dicom-series.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel, type KernelContext } from '../../core/kernel';
import type { DicomSeriesResult } from '../dicom/one-series';
import { readDicomSeriesAsync } from '../dicom/series-async';

/** The run's DICOM files; BAD_NODE_INPUT when the run's scan is not DICOM. */
export function dicomFiles(ctx: KernelContext) {
  if (ctx.input.format !== 'dicom') {
    throw new RuntimeError('BAD_NODE_INPUT', `input.dicom-series needs a DICOM scan; this run's scan is ${ctx.input.format}`);
  }
  return ctx.input.files;
}

/** The node's outputs; the series' warnings (uneven spacing, gaps) travel with the final progress message for the run log. */
export function seriesOutputs(ctx: KernelContext, { volume, series, warnings }: DicomSeriesResult) {
  ctx.progress(1, warnings.length ? `warning: ${warnings.join('; ')}` : undefined);
  return { volume, series };
}

/** Assembles the run's DICOM files (one series) into a volume plus the series metadata, from the blob bytes. */
export const kernel = defineKernel(inputDicomSeries, async ({ ctx }) => {
  const files = dicomFiles(ctx);
  const bytes = await Promise.all(files.map((f) => ctx.readBlob(f.sha256)));
  ctx.progress(0.5, `read ${files.length} file(s)`);
  return seriesOutputs(ctx, await readDicomSeriesAsync(bytes, files.map((f) => f.name)));
});
