import type { Vec3 } from '../geometry';
import type { DicomInstance } from './instance';
import type { DataSet } from './parse';

const nums = (ds: DataSet | undefined, tag: string): number[] | undefined => {
  const v = ds?.string(tag)?.split('\\').map((s) => Number(s.trim()));
  return v && v.length && v.every(Number.isFinite) ? v : undefined;
};
const item = (ds: DataSet | undefined, tag: string) => ds?.elements[tag]?.items?.[0]?.dataSet;

/**
 * One pseudo-instance per frame of a multi-frame image, so frames sort and stack like slices.
 * Enhanced IODs (PS3.3 C.7.6.16): per-frame functional groups override shared ones for plane
 * position (0020,9113), plane orientation (0020,9116), pixel measures (0028,9110) and pixel value
 * transformation (0028,9145). Legacy multi-frame without them keeps the file's attributes and
 * is stacked in frame order (InstanceNumber = frame number, no positions).
 */
export function frameInstances(inst: DicomInstance, frames: number): DicomInstance[] {
  if (frames === 1) return [inst];
  const shared = item(inst.ds, 'x52009229');
  const perFrame = inst.ds.elements.x52009230?.items ?? [];
  return Array.from({ length: frames }, (_, k) => {
    const f = perFrame[k]?.dataSet;
    const group = (seq: string) => item(f, seq) ?? item(shared, seq);
    const position = nums(group('x00209113'), 'x00200032');
    const orientation = nums(group('x00209116'), 'x00200037');
    const measures = group('x00289110');
    const rescale = group('x00289145');
    const spacing = nums(measures, 'x00280030');
    return {
      ...inst,
      name: `${inst.name} frame ${k + 1}`,
      instanceNumber: k + 1,
      // Without a per-frame position every frame would sit at the file's position: stack by frame number.
      position: position?.length === 3 ? (position as Vec3) : undefined,
      orientation: orientation?.length === 6 ? (orientation as DicomInstance['orientation']) : inst.orientation,
      pixelSpacing: spacing?.length === 2 ? (spacing as [number, number]) : inst.pixelSpacing,
      sliceThickness: nums(measures, 'x00180050')?.[0] ?? inst.sliceThickness,
      spacingBetweenSlices: nums(measures, 'x00180088')?.[0] ?? inst.spacingBetweenSlices,
      slope: nums(rescale, 'x00281053')?.[0] ?? inst.slope,
      intercept: nums(rescale, 'x00281052')?.[0] ?? inst.intercept,
    };
  });
}
