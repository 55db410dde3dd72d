import { writeNifti } from '../runtimes/imaging/nifti';
import { makeHeadPhantom } from './phantom';

/** The demo scan as .nii.gz bytes (deterministic: same bytes on every call and machine). */
export function writeDemoScan(opts: { size?: number } = {}): Uint8Array {
  return writeNifti(makeHeadPhantom(opts).volume, { gzip: true });
}
