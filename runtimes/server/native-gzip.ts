import { constants as bufferLimits } from 'node:buffer';
import { promisify } from 'node:util';
import { gzip, gzipSync, inflateRaw, inflateRawSync } from 'node:zlib';
import { RuntimeError } from '../core/errors';
import { inflateTooLarge, truncatedGzip, useNativeDeflate } from '../imaging/nifti/gzip';

const view = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const inflateRawOnPool = promisify(inflateRaw);
const gzipOnPool = promisify(gzip);

/** zlib's errors as gunzip's contract: TRUNCATED_INPUT, VOLUME_TOO_LARGE or CORRUPT_INPUT, never raw. */
function inflateError(e: unknown, maxOutputBytes: number): RuntimeError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR') return truncatedGzip();
  // zlib stops as soon as the output would pass maxOutputLength: nothing more is inflated.
  // gunzip asks for one byte past its limit, so this is "past the limit" (or past the size field).
  if (code === 'ERR_BUFFER_TOO_LARGE') return inflateTooLarge(maxOutputBytes - 1);
  return new RuntimeError('CORRUPT_INPUT', `the gzip stream is corrupt: ${(e as Error).message}`);
}

/**
 * Node hosts read and write .nii.gz with native zlib: writing a 256^3 label map takes 27 ms
 * instead of 460 ms, on the main thread of the run. zlib's gzip header has mtime 0 and a fixed
 * OS byte, so equal input gives equal bytes on every Node executor (embedded, Temporal worker,
 * edge runner). Errors keep gunzip's contract: TRUNCATED_INPUT or CORRUPT_INPUT, never raw.
 */
export function installNativeGzip(): void {
  useNativeDeflate({
    gzip: (bytes, level) => view(gzipSync(bytes, { level })),
    gzipAsync: async (bytes, level) => view(await gzipOnPool(bytes, { level })),
    inflateRaw(body, maxOutputBytes) {
      try {
        return view(inflateRawSync(body, { maxOutputLength: Math.min(maxOutputBytes, bufferLimits.MAX_LENGTH) }));
      } catch (e) {
        throw inflateError(e, maxOutputBytes);
      }
    },
    // On libuv's thread pool (gunzipAsync): the event loop keeps serving while a volume inflates.
    async inflateRawAsync(body, maxOutputBytes) {
      try {
        return view(await inflateRawOnPool(body, { maxOutputLength: Math.min(maxOutputBytes, bufferLimits.MAX_LENGTH) }));
      } catch (e) {
        throw inflateError(e, maxOutputBytes);
      }
    },
  });
}
