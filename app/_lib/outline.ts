/**
 * The outline of a label slice (index = column + ncol * row): opaque `rgb` where a pixel is
 * labelled and one of its four neighbours carries another value or lies outside the slice.
 * The viewer draws the reference this way over the prediction's filled labels.
 */
export function outlineRgba(labels: ArrayLike<number>, ncol: number, nrow: number, rgb: readonly [number, number, number]): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(ncol * nrow * 4);
  for (let r = 0; r < nrow; r++) {
    for (let c = 0; c < ncol; c++) {
      const p = c + ncol * r;
      const v = labels[p];
      if (!v) continue;
      const edge = c === 0 || r === 0 || c === ncol - 1 || r === nrow - 1 || labels[p - 1] !== v || labels[p + 1] !== v || labels[p - ncol] !== v || labels[p + ncol] !== v;
      if (edge) out.set([rgb[0], rgb[1], rgb[2], 255], p * 4);
    }
  }
  return out;
}

/** The reference outline's colour in the viewer: white, which no label colour is. */
export const REFERENCE_OUTLINE: [number, number, number] = [255, 255, 255];
