import { createHash } from 'node:crypto';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { describe, expect, it, vi } from 'vitest';
import type { PipelineGraph } from '../domain/graph/schema';
import { RunEndedError, type RecordedNode, type RunDeps, type RunRecorder } from './contract';
import { RuntimeError } from '../runtimes/core/errors';
import { preNormalize } from '../domain/nodes/pre.normalize.node';
import { defineKernel, type Kernel } from '../runtimes/core/kernel';
import { decodeValue, encodeValue } from '../runtimes/core/value-codec';
import type { VolumeValue } from '../runtimes/core/values';
import { CHECKPOINT_AFTER_MS, createActivities } from './activities';
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
const mockEnv = (info: { heartbeatTimeoutMs?: number; attempt?: number } = {}) => new MockActivityEnvironment(info, quiet);

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
        calls.push(`read ${sha.slice(0, 8)}`);
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
  it('loads inputs from blobs, stores outputs as blobs, and reuses a finished node on a later attempt', async () => {
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

    // A retry (attempt 2, after a worker died before reporting the node done) reuses it.
    const again = await mockEnv({ attempt: 2 }).run(activities.runNode, args);
    expect(again).toMatchObject({ reused: true, outputs: first.outputs });
    expect(runs).toBe(1);
    expect(rows.get('norm')!.attempts).toBe(1);
    expect(calls).toEqual(['started norm', `read ${inRef.sha256.slice(0, 8)}`, 'finished norm']);
  });

  /** in -> n1 -> ... -> nk as one chain; `outside` nodes also read the named chain nodes (values that leave the chain). */
  function chainGraph(ids: string[], outside: Record<string, string> = {}): PipelineGraph {
    const line = ['in', ...ids];
    return {
      ...graph,
      nodes: [graph.nodes[0], ...[...ids, ...Object.keys(outside)].map((id) => ({ id, kind: 'pre.normalize', version: 1, params: {} }))],
      edges: [
        ...ids.map((id, i) => ({ id: `e${i}`, source: { node: line[i], port: 'volume' }, target: { node: id, port: 'volume' } })),
        ...Object.entries(outside).map(([id, from]) => ({ id: `x-${id}`, source: { node: from, port: 'volume' }, target: { node: id, port: 'volume' } })),
      ],
    };
  }
  const halving = (hook: (nodeId: string) => void = () => {}) =>
    defineKernel(preNormalize, async ({ node, inputs }) => {
      hook(node.id);
      const v = inputs.volume as VolumeValue;
      return { volume: { ...v, data: (v.data as Float32Array).map((x) => x / 2) } };
    });

  it('runs a chain in one activity: values handed over in memory, only those that leave the chain stored, a retry resuming from the last stored node', async () => {
    let runs = 0;
    let failOnce = true;
    const kernel = halving((id) => {
      runs++;
      if (id === 'n3' && failOnce) {
        failOnce = false;
        throw new Error('EIO: worker lost its disk');
      }
    });
    // n1's value is also read by x (outside the chain): stored. n2's only reader is n3: not stored.
    const chain = chainGraph(['n1', 'n2', 'n3'], { x: 'n1' });
    const { deps, blobs, rows, calls } = fakes(kernel);
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const activities = createActivities(deps);
    const args = { runId: 'r1', graph: chain, nodeIds: ['n1', 'n2', 'n3'], inputRefs: { volume: { ...inRef, type: 'volume' } }, input };

    const first = await mockEnv().run(activities.runChain, args).catch((e: unknown) => e);
    expect(first).toMatchObject({ type: 'INTERNAL', nonRetryable: false });
    // One read (the head's input); n2 and n3 were fed in memory.
    expect(calls.filter((c) => c.startsWith('read'))).toHaveLength(1);
    expect([...rows.entries()].map(([id, r]) => `${id}:${r.status}:${r.outputRefs ? 'stored' : 'memory'}`)).toEqual(['n1:succeeded:stored', 'n2:succeeded:memory', 'n3:failed:memory']);

    calls.length = 0;
    const again: NodeOutcome[] = await mockEnv({ attempt: 2 }).run(activities.runChain, args);
    expect(again.map((o) => `${o.nodeId}:${o.reused}`)).toEqual(['n1:true', 'n2:false', 'n3:false']);
    // n1 was not recomputed: n2 read its stored output (the only read) and n3 followed in memory.
    expect(runs).toBe(5);
    expect(calls.slice(0, 2)).toEqual(['started n2', `read ${again[0].outputs.volume.sha256.slice(0, 8)}`]);
    expect([...calls.slice(2)].sort()).toEqual(['finished n2', 'finished n3', 'started n3']);
    expect(again[1].outputs.volume.sha256).toBe('');
    const out = decodeValue(blobs.get(again[2].outputs.volume.sha256)!) as VolumeValue;
    expect(Array.from(out.data)).toEqual([0, 0.25, 0.5, 1]);
  });

  it(`stores a value only the next node reads when its node ran ${CHECKPOINT_AFTER_MS} ms or more (a checkpoint)`, async () => {
    const now = performance.now.bind(performance);
    let skew = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now() + skew);
    try {
      const { deps, rows } = fakes(halving((id) => (skew += id === 'n1' ? CHECKPOINT_AFTER_MS : 0)));
      const inRef = await deps.blobs.putBytes(encodeValue(volume));
      await mockEnv().run(createActivities(deps).runChain, { runId: 'r1', graph: chainGraph(['n1', 'n2', 'n3']), nodeIds: ['n1', 'n2', 'n3'], inputRefs: { volume: { ...inRef, type: 'volume' } }, input });
      expect([...rows.entries()].map(([id, r]) => `${id}:${r.outputRefs ? 'stored' : 'memory'}`)).toEqual(['n1:stored', 'n2:memory', 'n3:stored']);
    } finally {
      clock.mockRestore();
    }
  });

  it("stores a chain node's outputs while the next node computes, records it finished only once stored, and fails on a failed write", async () => {
    const chain = chainGraph(['n1', 'n2'], { x: 'n1' });
    for (const outcome of ['stored', 'write fails'] as const) {
      const { deps, calls } = fakes(halving());
      const inRef = await deps.blobs.putBytes(encodeValue(volume));
      // n1's write waits until n2 has started: the chain must not wait for it before going on.
      let release!: () => void;
      const n2Started = new Promise<void>((r) => (release = r));
      const put = deps.blobs.putBytes.bind(deps.blobs);
      let writes = 0;
      deps.blobs.putBytes = async (b) => {
        if (writes++ === 0) {
          await n2Started;
          if (outcome === 'write fails') throw new Error('EIO: bucket unreachable');
        }
        return put(b);
      };
      const started = deps.recorder.nodeStarted.bind(deps.recorder);
      deps.recorder.nodeStarted = async (r, id, k) => {
        await started(r, id, k);
        if (id === 'n2') release();
      };
      const run: Promise<NodeOutcome[]> = mockEnv().run(createActivities(deps).runChain, { runId: 'r1', graph: chain, nodeIds: ['n1', 'n2'], inputRefs: { volume: { ...inRef, type: 'volume' } }, input });
      if (outcome === 'stored') {
        const done: NodeOutcome[] = await run;
        expect(done.map((o) => o.nodeId)).toEqual(['n1', 'n2']);
        // n2 started before n1 was recorded finished (its write was still pending), and both finished before the activity did.
        expect(calls.indexOf('started n2')).toBeLessThan(calls.indexOf('finished n1'));
        expect(calls).toContain('finished n2');
      } else {
        expect(await run.catch((e: unknown) => e)).toMatchObject({ type: 'INTERNAL', nonRetryable: false });
        expect(calls).not.toContain('finished n1');
        expect(calls).toContain('failed n1 INTERNAL');
      }
    }
  });

  it('records a head whose stored input cannot be decoded as failed, with its code, not retried', async () => {
    const { deps, calls } = fakes(halving());
    const bad = await deps.blobs.putBytes(new Uint8Array([1, 2, 3]));
    const err = await mockEnv()
      .run(createActivities(deps).runChain, { runId: 'r1', graph: chainGraph(['n1']), nodeIds: ['n1'], inputRefs: { volume: { ...bad, type: 'volume' } }, input })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).not.toBe('INTERNAL');
    expect(calls.filter((c) => !c.startsWith('read'))).toEqual(['started n1', `failed n1 ${(err as ApplicationFailure).type}`]);
  });

  it('reports a node stopped by the cancellation as a cancelled activity, not a failed node', async () => {
    const waits = defineKernel(preNormalize, async ({ ctx }) => {
      await new Promise((resolve) => ctx.signal!.addEventListener('abort', resolve));
      throw new Error('inference aborted');
    });
    const { deps, calls } = fakes(waits);
    const started = deps.recorder.nodeStarted.bind(deps.recorder);
    const env = mockEnv();
    deps.recorder.nodeStarted = async (r, id, k) => {
      await started(r, id, k);
      setImmediate(() => env.cancel());
    };
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const err = await env
      .run(createActivities(deps).runNode, { runId: 'r1', graph, nodeId: 'norm', inputRefs: { volume: { ...inRef, type: 'volume' } }, input })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledFailure);
    expect(calls.filter((c) => !c.startsWith('read'))).toEqual(['started norm']);
  });

  it('starts no node of a run that has ended (RUN_ENDED, not retried)', async () => {
    const never = defineKernel(preNormalize, async () => {
      throw new Error('must not run');
    });
    const { deps } = fakes(never);
    deps.recorder.nodeStarted = async (runId) => {
      throw new RunEndedError(runId, 'cancelled');
    };
    const inRef = await deps.blobs.putBytes(encodeValue(volume));
    const err = await mockEnv()
      .run(createActivities(deps).runNode, { runId: 'r1', graph, nodeId: 'norm', inputRefs: { volume: { ...inRef, type: 'volume' } }, input })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ type: 'RUN_ENDED', nonRetryable: true });
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
    expect(calls.filter((c) => !c.startsWith('read'))).toEqual(['started norm', 'failed norm CORRUPT_INPUT']);
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
