import type { LabelDef } from '../../core/values';

type Rgb = [number, number, number];

/** Distinct colours for labels without a colour (Trubetskoy's 20-colour list, most distinct first). */
export const DEFAULT_PALETTE: readonly Rgb[] = [
  [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48],
  [145, 30, 180], [70, 240, 240], [240, 50, 230], [210, 245, 60], [250, 190, 212],
  [0, 128, 128], [220, 190, 255], [170, 110, 40], [255, 250, 200], [128, 0, 0],
  [170, 255, 195], [128, 128, 0], [255, 215, 180], [0, 0, 128], [128, 128, 128],
];

/** Colour of a label value: its own colour, else the palette entry for value 1, 2, ... (cycling). */
export function labelColor(value: number, labels: LabelDef[]): Rgb {
  const own = labels.find((l) => l.value === value)?.color;
  if (own) return own;
  return DEFAULT_PALETTE[(value - 1 + DEFAULT_PALETTE.length) % DEFAULT_PALETTE.length] as Rgb;
}

/** Flat [r, g, b] lookup for every value of a label map (value 0 is never drawn). */
export function colorTable(labels: LabelDef[], maxValue: number): Uint8Array {
  const lut = new Uint8Array((maxValue + 1) * 3);
  for (let v = 1; v <= maxValue; v++) lut.set(labelColor(v, labels), v * 3);
  return lut;
}
