// Which steps of a row of the new grid land where (resample-slab.mjs): x = b + i * d is
// monotonic in i (rounding is), so the steps within bounds form one range, found from the
// exact bounds and then settled by the same float test the voxel loop would make.

/** lo <= x <= hi (x < hi when `strict`). @type {import('./resample-span.d.mts').inside} */
export function inside(x, lo, hi, strict) {
  return x >= lo && (strict ? x < hi : x <= hi);
}

/**
 * Narrows the range [r[at], r[at + 1]) of steps i to those with `inside(b + i * d, lo, hi, strict)`.
 * @type {import('./resample-span.d.mts').clip}
 */
export function clip(r, at, b, d, lo, hi, strict) {
  const a = r[at], e = r[at + 1];
  if (a >= e) return;
  if (d === 0) {
    if (!inside(b, lo, hi, strict)) r[at + 1] = a;
    return;
  }
  const t1 = (lo - b) / d, t2 = (hi - b) / d;
  let ga = Math.min(e, Math.max(a, Math.ceil(Math.min(t1, t2))));
  let ge = Math.max(ga, Math.min(e, Math.floor(Math.max(t1, t2)) + 1));
  while (ga > a && inside(b + (ga - 1) * d, lo, hi, strict)) ga--;
  while (ga < ge && !inside(b + ga * d, lo, hi, strict)) ga++;
  while (ge < e && inside(b + ge * d, lo, hi, strict)) ge++;
  while (ge > ga && !inside(b + (ge - 1) * d, lo, hi, strict)) ge--;
  r[at] = ga;
  r[at + 1] = ge;
}
