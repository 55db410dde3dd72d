import { inputNifti } from '../../../domain/nodes/input.nifti.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import { readNiftiAsync } from '../nifti/read';

/** Reads the run's NIfTI scan (one .nii / .nii.gz file) into a volume with its geometry. */
export const kernel = defineKernel(inputNifti, async ({ ctx }) => {
  if (ctx.input.format !== 'nifti') {
    throw new RuntimeError('BAD_NODE_INPUT', `input.nifti needs a NIfTI scan; this run's scan is ${ctx.input.format}`);
  }
  const file = ctx.input.files[0];
  if (!file) throw new RuntimeError('BAD_NODE_INPUT', "this run's scan has no file");
  const volume = await readNiftiAsync(await ctx.readBlob(file.sha256)); // inflated off the event loop on the server
  ctx.progress(1);
  return { volume };
});
