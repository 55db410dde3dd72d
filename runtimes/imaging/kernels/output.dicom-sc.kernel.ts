import { zipSync, type Zippable } from 'fflate';
import { outputDicomSc } from '../../../domain/nodes/output.dicom-sc.node';
import { RuntimeError } from '../../core/errors';
import { defineKernel } from '../../core/kernel';
import { voxelToWorld } from '../geometry';
import { displayAxes, renderOverlay } from '../ops/overlay';
import { sourceMatcher, writeSecondaryCaptures } from '../seg';
import { isDicomSource } from '../../core/values';
import { inputOf } from './inputs';

/** Fixed zip timestamps: the archive's bytes depend on its content only (as in the edge bundle). */
const MTIME = new Date('2000-01-01T00:00:00Z');

export const scEntryName = (instanceNumber: number) => `SC${String(instanceNumber).padStart(5, '0')}.dcm`;

/**
 * The overlay PNG's picture (same `renderOverlay`, bit for bit) of every image slice, or the
 * chosen one, as Secondary Capture images in the source study: one .dcm per slice in a zip.
 * Every slice must lie on a source instance, so each image references the slice it shows.
 */
export const kernel = defineKernel(outputDicomSc, async ({ params, inputs, ctx }) => {
  const image = inputOf(inputs, 'image', 'volume');
  const labels = inputOf(inputs, 'labels', 'label-map');
  const series = inputOf(inputs, 'series', 'dicom-series');
  if (!isDicomSource(series)) {
    ctx.progress(1, 'no Secondary Capture written: the scan is not DICOM');
    return {};
  }
  const g = image.geometry;
  const nz = g.dims[2];
  if (params.slice !== null && params.slice >= nz) throw new RuntimeError('BAD_NODE_INPUT', `slice ${params.slice} is outside the image (${nz} slices)`);
  const slices = params.slice === null ? Array.from({ length: nz }, (_, k) => k) : [params.slice];
  const match = sourceMatcher(g, series.instances);
  const sources = slices.map((k) => {
    const at = voxelToWorld(g, [0, 0, k]);
    const source = match(at);
    if (!source) {
      throw new RuntimeError('BAD_NODE_INPUT', `image slice ${k} (at ${at.map((v) => v.toFixed(2)).join(', ')} mm) lies on no instance of source series ${series.seriesInstanceUid}; connect the image read from that series`);
    }
    return source;
  });
  const overlay = { image, labels };
  const zip: Zippable = {};
  let written = 0;
  await writeSecondaryCaptures(
    series,
    { count: slices.length, render: (n) => ({ ...renderOverlay(overlay, slices[n], params.opacity), source: sources[n], instanceNumber: slices[n] + 1 }) },
    {
      algorithmName: params.algorithmName,
      algorithmVersion: ctx.provenance?.pipelineVersion ?? 'unversioned',
      modelSha256: ctx.provenance?.modelSha256s ?? [],
      seriesDescription: params.seriesDescription,
      derivation: `Labels blended at opacity ${params.opacity} over the slice, grey min-max windowed per slice`,
      axes: displayAxes(g),
      pixelSpacing: [g.spacing[1], g.spacing[0]],
    },
    (bytes, sc) => {
      zip[scEntryName(sc.instanceNumber)] = [bytes, { level: 6, mtime: MTIME }];
      ctx.progress(++written / slices.length);
    },
  );
  await ctx.writeArtifact({ name: params.fileName, mediaType: 'application/zip', bytes: zipSync(zip) });
  ctx.progress(1);
  return {};
});
