import type { Geometry, LabelDef } from '../../core/values';
import { voxelVolumeMl as voxelMl } from '../geometry';

/** Voxel count per label value (index = value); length 256 for Uint8 maps, 65536 for Uint16. */
export function countLabels(data: Uint8Array | Uint16Array): Uint32Array {
  const counts = new Uint32Array(data instanceof Uint8Array ? 256 : 65536);
  for (let i = 0; i < data.length; i++) counts[data[i]]++;
  return counts;
}

/** Every label value present (including 0), keyed as a string: the `labelCounts` of artifacts. */
export function labelCounts(data: Uint8Array | Uint16Array): Record<string, number> {
  const counts = countLabels(data);
  const out: Record<string, number> = {};
  counts.forEach((n, v) => {
    if (n > 0) out[String(v)] = n;
  });
  return out;
}

export function labelName(value: number, labels: LabelDef[]): string {
  return labels.find((l) => l.value === value)?.name ?? (value === 0 ? 'background' : `label ${value}`);
}

export interface LabelVolumeRow {
  value: number;
  name: string;
  voxels: number;
  volumeMl: number;
}

export interface LabelVolumeReport {
  kind: 'label-volumes';
  voxelVolumeMl: number;
  labels: LabelVolumeRow[];
}

/**
 * Volume per label in mL (1 mL = 1000 mm^3; spacing is in mm). Lists every named label (even
 * when absent: 0 mL is a finding) and every value present, ascending; 0 only when asked.
 * volumeMl is rounded to 1e-6 mL so reports do not carry float noise.
 */
export function labelVolumes(data: Uint8Array | Uint16Array, geometry: Geometry, labels: LabelDef[], includeBackground: boolean): LabelVolumeReport {
  const counts = countLabels(data);
  const voxelVolumeMl = voxelMl(geometry);
  const values = new Set(labels.map((l) => l.value));
  counts.forEach((n, v) => {
    if (n > 0) values.add(v);
  });
  if (!includeBackground) values.delete(0);
  const rows = [...values]
    .sort((a, b) => a - b)
    .map((value) => {
      const voxels = counts[value] ?? 0;
      return { value, name: labelName(value, labels), voxels, volumeMl: Math.round(voxels * voxelVolumeMl * 1e6) / 1e6 };
    });
  return { kind: 'label-volumes', voxelVolumeMl, labels: rows };
}
