import type { z } from 'zod';
import { outputDicomSeg } from '../../../domain/nodes/output.dicom-seg.node';
import { defineKernel } from '../../core/kernel';
import { isDicomSource, type LabelMapValue } from '../../core/values';
import { TISSUE, writeSeg, type SegmentDescription } from '../seg';
import { inputOf } from './inputs';

type Params = z.output<typeof outputDicomSeg.params>;

/** Non-zero label values present in the label map, ascending. */
function presentValues(data: LabelMapValue['data']): number[] {
  const seen = new Uint8Array(data instanceof Uint16Array ? 65536 : 256);
  for (let i = 0; i < data.length; i++) seen[data[i]] = 1;
  const out: number[] = [];
  for (let v = 1; v < seen.length; v++) if (seen[v]) out.push(v);
  return out;
}

/**
 * One segment per label value present (ascending), described by the params, else by the label
 * map's own label names and colours with generic "Tissue" codes. An empty label map still gets
 * the described segments (or "label 1") so the SEG says "nothing found" instead of failing.
 */
export function segmentsFor(labels: LabelMapValue, described: Params['segments']): SegmentDescription[] {
  const byValue = new Map(described.map((d) => [d.value, d]));
  const values = presentValues(labels.data);
  const chosen = values.length ? values : described.length ? described.map((d) => d.value).sort((a, b) => a - b) : [1];
  return chosen.map((value) => {
    const d = byValue.get(value);
    const own = labels.labels.find((l) => l.value === value);
    return {
      value,
      label: d?.label ?? own?.name ?? `label ${value}`,
      category: d?.category ?? TISSUE,
      type: d?.type ?? TISSUE,
      color: d?.color ?? own?.color,
    };
  });
}

/** Writes the label map as a DICOM SEG (deterministic bytes) referencing the source series. */
export const kernel = defineKernel(outputDicomSeg, async ({ params, inputs, ctx }) => {
  const labels = inputOf(inputs, 'labels', 'label-map');
  const series = inputOf(inputs, 'series', 'dicom-series');
  if (!isDicomSource(series)) {
    ctx.progress(1, 'no DICOM SEG written: the scan is not DICOM');
    return {};
  }
  const bytes = await writeSeg(labels, series, {
    segments: segmentsFor(labels, params.segments),
    algorithmName: params.algorithmName,
    algorithmVersion: ctx.provenance?.pipelineVersion ?? 'unversioned',
    modelSha256: ctx.provenance?.modelSha256s ?? [],
    seriesDescription: params.seriesDescription,
  });
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'application/dicom', bytes });
  ctx.progress(1);
  return {};
});
