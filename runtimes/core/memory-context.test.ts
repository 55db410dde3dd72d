import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InferenceRuntime } from './inference';
import { sha256Hex } from '../../domain/sha256';
import { memoryContext, memoryInput } from './memory-context';

const inference: InferenceRuntime = { target: 'edge-node', run: async () => ({ outputs: {}, inputs: {} }), dispose: async () => {} };
const hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const noModel = async () => { throw new Error('no model'); };

describe('in-memory kernel context', () => {
  it('serves the input files by sha256 and refuses any other hash', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const { input, blobs } = await memoryInput('nifti', [{ name: 'a.nii', bytes }]);
    expect(input).toEqual({ format: 'nifti', files: [{ sha256: hex(bytes), name: 'a.nii', size: 3 }] });
    const ctx = memoryContext({ runId: 'r', input, blobs, inference, resolveModel: noModel }).context('n');
    expect(await ctx.readBlob(hex(bytes))).toBe(bytes);
    await expect(ctx.readBlob('0'.repeat(64))).rejects.toMatchObject({ code: 'BAD_NODE_INPUT' });
  });

  it('hashes artifacts, keeps their bytes in order and routes progress by node', async () => {
    const progress: [string, number][] = [];
    const { context, artifacts } = memoryContext({ runId: 'r', input: { format: 'nifti', files: [] }, inference, resolveModel: noModel, progress: (id, f) => progress.push([id, f]) });
    const bytes = new TextEncoder().encode('abc');
    const a = await context('out').writeArtifact({ name: 'x.json', mediaType: 'application/json', bytes, labelCounts: { 1: 2 } });
    expect(a).toEqual({ nodeId: 'out', name: 'x.json', mediaType: 'application/json', sha256: hex('abc'), size: 3, labelCounts: { 1: 2 } });
    expect(artifacts).toEqual([{ ...a, bytes }]);
    context('model').progress(0.5);
    expect(progress).toEqual([['model', 0.5]]);
    expect(await sha256Hex('abc')).toBe(hex('abc'));
  });

  it('keeps no artifacts when told not to (records still returned)', async () => {
    const { context, artifacts } = memoryContext({ runId: 'r', input: { format: 'nifti', files: [] }, inference, resolveModel: noModel, keepArtifacts: false, hash: () => 'h' });
    expect((await context('n').writeArtifact({ name: 'a', mediaType: 'b', bytes: new Uint8Array(4) })).sha256).toBe('h');
    expect(artifacts).toEqual([]);
  });
});
