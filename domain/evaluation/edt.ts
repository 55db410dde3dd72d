/**
 * Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher, "Distance Transforms
 * of Sampled Functions", 2012), separable over the three axes with a voxel size per axis.
 *
 * `f` holds 0 at feature voxels and Infinity elsewhere (i fastest); on return it holds, for
 * every voxel, the squared distance in mm^2 to the nearest feature voxel centre (Infinity when
 * there is none). Each 1D pass takes the lower envelope of the parabolas
 * ((q - p) * spacing)^2 + f(p) over the finite sites p of one line.
 */
export function squaredEdt(f: Float64Array, dims: readonly [number, number, number], spacing: readonly [number, number, number]): void {
  const n = Math.max(dims[0], dims[1], dims[2]);
  const line = new Float64Array(n), out = new Float64Array(n);
  const sites = new Int32Array(n), bounds = new Float64Array(n + 1);
  const strides = [1, dims[0], dims[0] * dims[1]];
  for (let axis = 0; axis < 3; axis++) {
    const len = dims[axis], stride = strides[axis], sp = spacing[axis];
    const [a, b] = [0, 1, 2].filter((x) => x !== axis);
    for (let ub = 0; ub < dims[b]; ub++) {
      for (let ua = 0; ua < dims[a]; ua++) {
        const start = ua * strides[a] + ub * strides[b];
        let finite = false;
        for (let q = 0, at = start; q < len; q++, at += stride) {
          const v = f[at];
          line[q] = v;
          if (v !== Infinity) finite = true;
        }
        if (!finite) continue; // nothing to propagate along this line
        envelope1d(line, len, sp, out, sites, bounds);
        for (let q = 0, at = start; q < len; q++, at += stride) f[at] = out[q];
      }
    }
  }
}

/** One line: out[q] = min over finite f[p] of ((q - p) * sp)^2 + f[p]. Needs one finite site. */
function envelope1d(f: Float64Array, len: number, sp: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = -1;
  for (let q = 0; q < len; q++) {
    const fq = f[q];
    if (fq === Infinity) continue;
    const xq = q * sp, hq = fq + xq * xq;
    if (k < 0) {
      k = 0; v[0] = q; z[0] = -Infinity; z[1] = Infinity;
      continue;
    }
    let s = 0;
    // z[0] is -Infinity, so this stops at k = 0 at the latest
    for (;;) {
      const p = v[k], xp = p * sp;
      s = (hq - (f[p] + xp * xp)) / (2 * (xq - xp));
      if (s > z[k]) break;
      k--;
    }
    k++;
    v[k] = q; z[k] = s; z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < len; q++) {
    const x = q * sp;
    while (z[k + 1] < x) k++;
    const p = v[k], d = (q - p) * sp;
    out[q] = d * d + f[p];
  }
}
