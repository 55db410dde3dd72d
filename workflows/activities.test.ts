import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import type { PipelineGraph } from '../domain/graph/schema';
import type { RecordedNode, RunDeps, RunRecorder } from './contract';
import { RuntimeError } from '../runtimes/core/errors';
import { preNormalize } from '../domain/nodes/pre.normalize.node';
import { defineKernel, type Kernel } from '../runtimes/core/kernel';
import { decodeValue, encodeValue } from '../runtimes/core/value-codec';
import type { VolumeValue } from '../runtimes/core/values';
import { createActivities } from './activities';
import type { NodeOutcome } from './types';

const graph: PipelineGraph = {
  schema: 'studio.pipeline/v1',
  name: 'unit',
  description: '',
  nodes: [
    { id: 'in', kind: 'input.nifti', version: 1, params: {} },
    { id: 'norm', kind: 'pre.normalize', version: 1, params: {} },
  ],
  edges: [{ id: 'e', source: { node: 'in', port: 'volume' }, target: { node: 'norm', port: 'volume' } }],
};
const input = { format: 'nifti' as const, files: [] };
const volume: VolumeValue = {
  type: 'volume', dtype: 'float32', data: new Float32Array([0, 2, 4, 8]),
  geometry: { dims: [4, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
};

/** Activity failures are the point of some tests: keep the SDK from logging them. */
const quiet = { logger: new DefaultLogger('ERROR', () => {}) };
const mockEnv = (info: { heartbeatTimeoutMs?: number } = {}) => new MockActivityEnvironment(info, quiet);

/** In-memory blobs and recorder: what the activity reads and writes, observable. */
function fakes(kernel: Kernel) {
  const blobs = new Map<string, Uint8Array>();
  const rows = new Map<string, RecordedNode>();
  const calls: string[] = [];
  const recorder: RunRecorder = {
    async nodeStarted(_r, id) {
      calls.push(`started ${id}`);
      const prev = rows.get(id);
      rows.set(id, { status: 'running', ms: null, artifacts: [], outputRefs: null, attempts: (prev?.attempts ?? 0) + 1 });
    },
    async nodeProgress() {},
    async nodeFinished(_r, id, r) {
      calls.push(`finished ${id}`);
      rows.set(id, { ...rows.get(id)!, status: 'succeeded', ms: r.ms, artifacts: r.artifacts, outputRefs: r.outputRefs });
    },
    async nodeFailed(_r, id, e) {
      calls.push(`failed ${id} ${e.code}`);
      rows.set(id, { ...rows.get(id)!, status: 'failed' });
    },
    async runStatus(_r, status) {
      calls.push(`run ${status}`);
    },
    async getNode(_r, id) {
      return rows.get(id);
    },
  };
  const deps: RunDeps = {
    recorder,
    blobs: {
      async putBytes(bytes) {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        blobs.set(sha256, bytes.slice());
        return { sha256, size: bytes.length };
      },
      async read(sha) {
        const b = blobs.get(sha);
        if (!b) throw new Error(`no blob ${sha}`);
        return b.slice();
      },
    },
    kernels: (kind, version) => (kind === kernel.kind && version === kernel.version ? kernel : undefined),
    inference: { target: 'server-cpu', run: async () => { throw new Error('unused'); }, dispose: async () => {} },
    resolveModel: async () => { throw new Error('unused'); },
  };
  return { deps, blobs, rows, calls };
}

describe('runNode activity', () => {
  it('loads inputs from blobs, stores outputs as blobs, and reuses a finished node on retry', async () => {
    let runs = 0;
    const halve = defineKernel(preNormalize, async ({ inputs, ctx }) => {
      runs++;
      ctx.progress(0.5);
      const v = inputs.volume as VolumeValue;
      return { volume: { ...v, data: (v.data as Float32Array).map((x) => x / 2) } };
    });
    const { deps, blobs, rows, calls } = fakes(halve);
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const activities = createActivities(deps);
    const env = mockEnv({ heartbeatTimeoutMs: 3_000 });
    const args = { runId: 'r1', graph, nodeId: 'norm', inputRefs: { volume: { ...inRef, type: 'volume' } }, input };

    const first: NodeOutcome = await env.run(activities.runNode, args);
    expect(first.reused).toBe(false);
    const out = decodeValue(blobs.get(first.outputs.volume.sha256)!) as VolumeValue;
    expect(Array.from(out.data)).toEqual([0, 1, 2, 4]);

    const again = await mockEnv().run(activities.runNode, args);
    expect(again).toMatchObject({ reused: true, outputs: first.outputs });
    expect(runs).toBe(1);
    expect(rows.get('norm')!.attempts).toBe(1);
    expect(calls).toEqual(['started norm', 'finished norm']);
  });

  it('turns user errors into non-retryable failures typed with the error code', async () => {
    const broken = defineKernel(preNormalize, async () => {
      throw new RuntimeError('CORRUPT_INPUT', 'garbage voxels');
    });
    const { deps, calls } = fakes(broken);
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const err = await mockEnv()
      .run(createActivities(deps).runNode, { runId: 'r1', graph, nodeId: 'norm', inputRefs: { volume: { ...inRef, type: 'volume' } }, input })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'CORRUPT_INPUT', nonRetryable: true, message: 'garbage voxels' });
    expect(calls).toEqual(['started norm', 'failed norm CORRUPT_INPUT']);
  });

  it('keeps transient errors retryable', async () => {
    const flaky = defineKernel(preNormalize, async () => {
      throw new Error('EIO: disk hiccup');
    });
    const { deps } = fakes(flaky);
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const err = await mockEnv()
      .run(createActivities(deps).runNode, { runId: 'r1', graph, nodeId: 'norm', inputRefs: { volume: { ...inRef, type: 'volume' } }, input })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'INTERNAL', nonRetryable: false });
  });
});
