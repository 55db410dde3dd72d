import { makeHeadPhantom } from '../../demo/phantom';
import { kernelBytes } from '../../domain/cost/estimate';
import { nodeSpecs, type AnyNodeSpec } from '../../domain/nodes/catalogue';
import type { SampleValue } from '../../domain/nodes/spec';
import { memoryContext } from '../../runtimes/core/memory-context';
import type { TensorValue, Value } from '../../runtimes/core/values';
import { lookupKernel } from '../../runtimes/core/registry';
import '../../runtimes/server'; // the server's kernels, as runs use them
import { writeNifti } from '../../runtimes/imaging/nifti';

/**
 * Per-kind throughput of the real kernels on this machine: every spec with a calibration sample
 * runs its kernel on the generated head phantom (48^3) with the held values its sample names
 * (the scan's class scores, or what an earlier sample provided), and its CPU time is divided by
 * the bytes the cost model says it moves (domain/cost/estimate.ts `kernelBytes`). Kinds not
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
  const { context } = memoryContext({
    runId: 'calibration',
    input: { format: 'nifti', files: [{ sha256: 'calibration', name: 'phantom.nii.gz', size: file.byteLength }] },
    blobs: new Map([['calibration', file]]),
    inference: { target: 'server-cpu', run: async () => ({ outputs: {}, inputs: {} }), dispose: async () => {} },
    resolveModel: async () => {
      throw new Error('no model in kernel calibration');
    },
    hash: () => 'calibration',
    keepArtifacts: false,
  });
  const ctx = context('k');
  const held = new Map<SampleValue, Value>([['scores', classScores(phantom)]]);
  const out: Record<string, number> = {};
  const run = async (spec: AnyNodeSpec) => {
    const sample = spec.calibration!;
    const kernel = lookupKernel(spec.kind, spec.version)!;
    const params = sample.params ?? {};
    const inputs = Object.fromEntries(Object.entries(sample.inputs ?? {}).map(([port, name]) => [port, held.get(name)!]));
    const node = { id: 'k', kind: spec.kind, version: spec.version, params };
    let result: Record<string, Value> = {};
    const parsed = spec.params.parse(params);
    const m = await measure(async () => (result = await kernel.run({ node, params: parsed, inputs, ctx })));
    const inBytes = Object.values(inputs).reduce((a, v) => a + bytesOf(v), 0);
    const outBytes = Object.values(result).reduce((a, v) => a + bytesOf(v), 0);
    const moved = kernelBytes(spec, { inBytes, outBytes, fileBytes: file.byteLength, spatial: phantom.volume.geometry.dims });
    out[spec.kind] = m.cpu / (moved / 1e9);
    for (const [port, name] of Object.entries(sample.provides ?? {})) held.set(name, result[port]);
  };
  // In catalogue order, each sample once the values it reads are held.
  let pending = nodeSpecs.filter((s) => s.calibration);
  while (pending.length) {
    const ready = pending.find((s) => Object.values(s.calibration!.inputs ?? {}).every((name) => held.has(name)));
    if (!ready) throw new Error(`kernel calibration: no sample provides what ${pending.map((s) => s.kind).join(', ')} read`);
    await run(ready);
    pending = pending.filter((s) => s !== ready);
  }
  return out;
}

/** A 5-class one-hot score tensor from the phantom's true labels, shaped like the demo classifier's output. */
function classScores(phantom: ReturnType<typeof makeHeadPhantom>): TensorValue {
  const truth = phantom.labels.data;
  const n = truth.length;
  const scores = new Float32Array(5 * n);
  for (let i = 0; i < n; i++) scores[truth[i] * n + i] = 1;
  const [x, y, z] = phantom.volume.geometry.dims;
  return { type: 'tensor', dims: [1, 5, z, y, x], data: scores, geometry: phantom.volume.geometry };
}
