/**
 * BINARY segmentation pixel data (PS3.5 8.1.1, PS3.3 C.8.20.2): 1 bit per pixel, column
 * fastest, least significant bit first, frames packed back to back with no padding between
 * them (a 38x23 frame ends mid-byte and the next frame continues in the same byte); only the
 * whole value is padded to an even length.
 */

/** Bytes needed for `frames` frames of `pixels` pixels each, rounded up to an even count. */
export function packedLength(frames: number, pixels: number): number {
  const bytes = Math.ceil((frames * pixels) / 8);
  return bytes + (bytes & 1);
}

/**
 * Sets bit (bitOffset + p) of `out` for every pixel p of `src[start .. start + pixels)` equal to
 * `value`. Returns how many pixels matched. `out` must be zeroed beforehand.
 */
export function packMatching(out: Uint8Array, bitOffset: number, src: ArrayLike<number>, start: number, pixels: number, value: number): number {
  let n = 0;
  for (let p = 0; p < pixels; p++) {
    if (src[start + p] === value) {
      const b = bitOffset + p;
      out[b >>> 3] |= 1 << (b & 7);
      n++;
    }
  }
  return n;
}

/** Frame `frame` as a 0/1 mask of `pixels` bytes; throws RangeError if the data is too short. */
export function unpackFrame(data: Uint8Array, frame: number, pixels: number): Uint8Array {
  const first = frame * pixels;
  if (Math.ceil((first + pixels) / 8) > data.length) throw new RangeError(`pixel data ends before frame ${frame + 1}`);
  const mask = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const b = first + p;
    mask[p] = (data[b >>> 3] >>> (b & 7)) & 1;
  }
  return mask;
}
