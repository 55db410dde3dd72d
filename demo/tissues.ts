import type { LabelDef } from '../runtimes/core/values';

/**
 * The phantom's tissue classes and their T1-like base intensities (uint8). The phantom clips at
 * 0 and 255 so a min-max normalised phantom maps intensity v to v / 255: the tissue classifier
 * centres its bands on exactly these values.
 */
export const TISSUES = [
  { value: 0, name: 'background', intensity: 0, color: [0, 0, 0] },
  { value: 1, name: 'CSF', intensity: 40, color: [64, 160, 255] },
  { value: 2, name: 'grey matter', intensity: 110, color: [255, 170, 60] },
  { value: 3, name: 'white matter', intensity: 165, color: [240, 240, 120] },
  { value: 4, name: 'skull/scalp', intensity: 235, color: [200, 80, 200] },
] as const satisfies readonly (LabelDef & { intensity: number })[];

export const TISSUE_LABELS: LabelDef[] = TISSUES.map(({ value, name, color }) => ({ value, name, color: [...color] }));
