import { z } from 'zod';
import { inputDicomSeries } from './input.dicom-series.node';
import { inputNifti } from './input.nifti.node';
import { inputScan } from './input.scan.node';
import { modelOnnx } from './model.onnx.node';
import { outputNiftiLabels } from './output.nifti-labels.node';
import { outputDicomSc } from './output.dicom-sc.node';
import { outputDicomSeg } from './output.dicom-seg.node';
import { outputOverlayPng } from './output.overlay-png.node';
import { outputReportJson } from './output.report-json.node';
import { postArgmax } from './post.argmax.node';
import { postLabelVolumes } from './post.label-volumes.node';
import { postThreshold } from './post.threshold.node';
import { postSigmoid } from './post.sigmoid.node';
import { postSoftmax } from './post.softmax.node';
import { postComponents } from './post.components.node';
import { postMorphology } from './post.morphology.node';
import { postToInputGrid } from './post.to-input-grid.node';
import { postUntile } from './post.untile.node';
import { preCropPad } from './pre.crop-pad.node';
import { preNormalize } from './pre.normalize.node';
import { preClipPercentile } from './pre.clip-percentile.node';
import { preConform } from './pre.conform.node';
import { preReorient } from './pre.reorient.node';
import { preResample } from './pre.resample.node';
import { preTile } from './pre.tile.node';
import { makeRegistry, type AnyNodeSpec } from './registry';

export type { AnyNodeSpec } from './registry';

/** Every node kind and version the studio knows, in palette order (input -> output). */
export const nodeSpecs: AnyNodeSpec[] = [
  inputScan,
  inputNifti,
  inputDicomSeries,
  preNormalize,
  preClipPercentile,
  preConform,
  preReorient,
  preResample,
  preCropPad,
  preTile,
  modelOnnx,
  postUntile,
  postSoftmax,
  postSigmoid,
  postArgmax,
  postThreshold,
  postComponents,
  postMorphology,
  postToInputGrid,
  postLabelVolumes,
  outputNiftiLabels,
  outputDicomSeg,
  outputDicomSc,
  outputOverlayPng,
  outputReportJson,
];

export const { lookupSpec, findSpec, latestSpec, upgradeNode } = makeRegistry(nodeSpecs);

/**
 * The spec a node most likely means, for reading a graph (cost, model refs, input format): its
 * kind at its version, else the latest version of its kind (a graph from another studio version;
 * the validator reports it), else undefined for a kind the catalogue does not know.
 */
export function specOf(node: { kind: string; version: number }): AnyNodeSpec | undefined {
  const r = lookupSpec(node.kind, node.version);
  if (r.ok) return r.spec;
  return r.code === 'unknown-version' ? latestSpec(node.kind) : undefined;
}

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
 * Params as far as they are valid: the spec's parse of `raw` when it passes, else each field of
 * `raw` that parses on its own, else that field's default. Fields with neither are left out, so
 * with `raw` empty (a freshly placed node) `model.onnx` lacks its model: a `bad-params` issue
 * until set. Also what the cost model reads on an invalid draft.
 */
export function defaultParams(spec: AnyNodeSpec, raw: Record<string, unknown> = {}): Record<string, unknown> {
  const whole = spec.params.safeParse(raw);
  if (whole.success) return whole.data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (spec.params instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(spec.params.shape as Record<string, z.ZodType>)) {
      const given = key in raw ? field.safeParse(raw[key]) : undefined;
      const r = given?.success ? given : field.safeParse(undefined);
      if (r.success && r.data !== undefined) out[key] = r.data;
    }
  }
  return out;
}
