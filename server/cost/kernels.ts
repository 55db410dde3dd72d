import { makeHeadPhantom } from '../../demo/phantom';
import { kernelBytes } from '../../domain/cost/estimate';
import { findSpec } from '../../domain/nodes/catalogue';
import type { Artifact, KernelContext } from '../../runtimes/core/kernel';
import type { TensorValue, Value } from '../../runtimes/core/values';
import { lookupKernel } from '../../runtimes/imaging/kernels';
import { writeNifti } from '../../runtimes/imaging/nifti';

/**
 * Per-kind throughput of the real kernels on this machine: each kernel runs on the generated
 * head phantom (64^3) with the inputs the one before it produced, and its CPU time is divided
 * by the bytes the cost model says it moves (domain/cost/estimate.ts `kernelBytes`). Kinds not
 * measured here fall back to one float32 pass per catalogue costWeight.
 */
type Measure = (fn: () => unknown | Promise<unknown>) => Promise<{ cpu: number; wall: number }>;

const bytesOf = (v: Value | undefined): number => {
  if (!v) return 0;
  if (v.type === 'volume' || v.type === 'tensor' || v.type === 'label-map') return v.data.byteLength;
  return 1024; // report: small JSON
};

export async function kernelFigures(measure: Measure): Promise<Record<string, number>> {
  const phantom = makeHeadPhantom({ size: 48 });
  const file = writeNifti(phantom.volume, { gzip: true });
  const ctx: KernelContext = {
    runId: 'calibration',
    nodeId: 'k',
    input: { format: 'nifti', files: [{ sha256: 'calibration', name: 'phantom.nii.gz', size: file.byteLength }] },
    readBlob: async () => file,
    writeArtifact: async (f): Promise<Artifact> => ({ nodeId: 'k', name: f.name, mediaType: f.mediaType, sha256: 'calibration', size: f.bytes.byteLength }),
    resolveModel: async () => {
      throw new Error('no model in kernel calibration');
    },
    inference: { target: 'server-cpu', run: async () => ({ outputs: {}, inputs: {} }), dispose: async () => {} },
    progress: () => {},
  };
  const out: Record<string, number> = {};
  const run = async (kind: string, inputs: Record<string, Value>, params: Record<string, unknown> = {}, extraBytes = 0) => {
    const spec = findSpec(kind, 1);
    const kernel = lookupKernel(kind, 1)!;
    const parsed = spec.params.parse(params);
    const node = { id: 'k', kind, version: 1, params };
    let result: Record<string, Value> = {};
    const m = await measure(async () => (result = await kernel.run({ node, params: parsed, inputs, ctx })));
    const inBytes = Object.values(inputs).reduce((a, v) => a + bytesOf(v), 0);
    const outBytes = Object.values(result).reduce((a, v) => a + bytesOf(v), 0);
    const moved = kernelBytes(kind, { inBytes, outBytes, fileBytes: extraBytes, spatial: phantom.volume.geometry.dims });
    out[kind] = m.cpu / (moved / 1e9);
    return result;
  };
  const { volume } = await run('input.nifti', {}, {}, file.byteLength);
  const { volume: norm } = await run('pre.normalize', { volume }, { method: 'min-max' });
  await run('pre.crop-pad', { volume: norm }, { size: [32, 32, 32], offset: [8, 8, 8] });
  const { tiles } = await run('pre.tile', { volume: norm }, { size: 16 });
  await run('post.untile', { tiles });
  // A 5-class score tensor shaped like the demo classifier's output.
  const n = norm.type === 'volume' ? norm.data.length : 0;
  const scores = new Float32Array(5 * n);
  const labelsTruth = phantom.labels.data;
  for (let i = 0; i < n; i++) scores[labelsTruth[i] * n + i] = 1;
  const [x, y, z] = phantom.volume.geometry.dims;
  const tensor: TensorValue = { type: 'tensor', dims: [1, 5, z, y, x], data: scores, geometry: phantom.volume.geometry };
  const { labels } = await run('post.argmax', { tensor });
  await run('post.threshold', { tensor: norm }, { threshold: 0.5 });
  const { report } = await run('post.label-volumes', { labels });
  await run('output.nifti-labels', { labels });
  await run('output.overlay-png', { image: volume, labels });
  await run('output.report-json', { report });
  return out;
}
