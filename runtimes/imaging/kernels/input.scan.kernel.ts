import { inputDicomSeries } from '../../../domain/nodes/input.dicom-series.node';
import { inputNifti } from '../../../domain/nodes/input.nifti.node';
import { inputScan } from '../../../domain/nodes/input.scan.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import { lookupKernel } from '../../core/registry';
import { NOT_DICOM } from '../../core/values';

/**
 * Reads the run's scan through the kernel registered for its format (so a host's override, such
 * as the server's DICOM file fast path, applies here too); a NIfTI scan has no DICOM series.
 */
export const kernel = defineKernel(inputScan, async (args) => {
  const format = args.ctx.input.format;
  const spec = format === 'dicom' ? inputDicomSeries : format === 'nifti' ? inputNifti : undefined;
  const reader = spec && lookupKernel(spec.kind, spec.version);
  if (!reader) throw new RuntimeError('UNSUPPORTED_FORMAT', `input.scan reads NIfTI or DICOM; this run's scan is ${format}`);
  const out = await reader.run(args);
  return { volume: out.volume, series: out.series ?? NOT_DICOM };
});
