import { conformKernelWith } from '../imaging/kernels/pre.conform.kernel';
import { resampleKernelWith } from '../imaging/kernels/pre.resample.kernel';
import { toInputGridKernelWith } from '../imaging/kernels/post.to-input-grid.kernel';
import { serverResampler } from './resample-threads';

/**
 * The server's geometry kernels (registered over the catalogue's by runtimes/server): the
 * catalogue's, with large volumes resampled on several threads (resample-threads.ts). Same
 * outputs and errors.
 */
export const resampleKernels = [conformKernelWith, resampleKernelWith, toInputGridKernelWith].map((withResampler) => withResampler(serverResampler.resample));
