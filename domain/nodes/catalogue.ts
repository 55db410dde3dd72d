import { z } from 'zod';
import { inputDicomSeries } from './input.dicom-series.node';
import { inputNifti } from './input.nifti.node';
import { modelOnnx } from './model.onnx.node';
import { outputNiftiLabels } from './output.nifti-labels.node';
import { outputDicomSc } from './output.dicom-sc.node';
import { outputDicomSeg } from './output.dicom-seg.node';
import { outputOverlayPng } from './output.overlay-png.node';
import { outputReportJson } from './output.report-json.node';
import { postArgmax } from './post.argmax.node';
import { postLabelVolumes } from './post.label-volumes.node';
import { postThreshold } from './post.threshold.node';
import { postUntile } from './post.untile.node';
import { preCropPad } from './pre.crop-pad.node';
import { preNormalize } from './pre.normalize.node';
import { preTile } from './pre.tile.node';
import { makeRegistry, type AnyNodeSpec } from './registry';

export type { AnyNodeSpec } from './registry';

/** Every node kind and version the studio knows, in palette order (input -> output). */
export const nodeSpecs: AnyNodeSpec[] = [
  inputNifti,
  inputDicomSeries,
  preNormalize,
  preCropPad,
  preTile,
  modelOnnx,
  postUntile,
  postArgmax,
  postThreshold,
  postLabelVolumes,
  outputNiftiLabels,
  outputDicomSeg,
  outputDicomSc,
  outputOverlayPng,
  outputReportJson,
];

export const { lookupSpec, findSpec, latestSpec, upgradeNode } = makeRegistry(nodeSpecs);

/** The catalogue as plain JSON for the palette and inspector (`catalogue.list`). */
export function catalogueDto() {
  return nodeSpecs.map((s) => ({
    kind: s.kind,
    version: s.version,
    title: s.title,
    category: s.category,
    description: s.description,
    inputs: s.inputs,
    outputs: s.outputs,
    paramsSchema: z.toJSONSchema(s.params, { io: 'input' }),
    targets: s.targets,
    costWeight: s.costWeight,
  }));
}
export type CatalogueEntry = ReturnType<typeof catalogueDto>[number];

/**
 * Params of a freshly placed node: every field that has a default. Fields without one (the
 * model of `model.onnx`) are left out, so the node shows a `bad-params` issue until set.
 */
export function defaultParams(spec: AnyNodeSpec): Record<string, unknown> {
  const whole = spec.params.safeParse({});
  if (whole.success) return whole.data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (spec.params instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(spec.params.shape as Record<string, z.ZodType>)) {
      const r = field.safeParse(undefined);
      if (r.success && r.data !== undefined) out[key] = r.data;
    }
  }
  return out;
}
