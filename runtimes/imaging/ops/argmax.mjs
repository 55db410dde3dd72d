// Plain .mjs (types in argmax.d.mts) so the server's helper thread (runtimes/server/argmax-worker.mjs)
// runs the very same code as every other host.
/**
 * Class index of the largest value per voxel over channel planes [C, voxels] (channel-major,
 * as ONNX [1, C, z, y, x]). Ties go to the lowest index (strict `>`). Uint8 labels up to 256
 * channels, Uint16 beyond.
 */
export function argmax(data, channels, out) {
  if (channels < 1 || data.length % channels !== 0) throw new Error(`${data.length} values do not split into ${channels} channels`);
  const vox = data.length / channels;
  const dst = out ?? (channels > 256 ? new Uint16Array(vox) : new Uint8Array(vox));
  if (dst.length !== vox) throw new Error(`argmax output holds ${dst.length}, needs ${vox}`);
  if (channels === 1) return dst.fill(0);
  if (channels === 2) {
    for (let i = 0; i < vox; i++) dst[i] = data[vox + i] > data[i] ? 1 : 0;
    return dst;
  }
  if (channels === 3) {
    // The common case (background + 2 tissues) without the inner loop: ~2x faster.
    const a = data.subarray(0, vox), b = data.subarray(vox, 2 * vox), c = data.subarray(2 * vox);
    for (let i = 0; i < vox; i++) {
      const x = a[i], y = b[i], z = c[i];
      dst[i] = y > x ? (z > y ? 2 : 1) : z > x ? 2 : 0;
    }
    return dst;
  }
  for (let i = 0; i < vox; i++) {
    let best = data[i];
    let k = 0;
    for (let c = 1, j = i + vox; c < channels; c++, j += vox) {
      const v = data[j];
      if (v > best) {
        best = v;
        k = c;
      }
    }
    dst[i] = k;
  }
  return dst;
}
