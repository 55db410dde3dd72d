import { describe, expect, it } from 'vitest';
import { createKernelContext } from './context';
import type { RunDeps } from './contract';

const depsWith = (blobs: Partial<RunDeps['blobs']>) => ({ blobs, recorder: { nodeProgress: async () => {} } }) as unknown as RunDeps;
const args = { runId: 'r', nodeId: 'in', input: { format: 'dicom' as const, files: [] } };

describe('createKernelContext', () => {
  it('offers blobPath exactly when the blob store keeps files', () => {
    const store = { dir: '/blobs', path(sha: string) { return `${this.dir}/${sha}`; }, read: async () => new Uint8Array(1) };
    expect(createKernelContext(depsWith(store), args).blobPath?.('ab')).toBe('/blobs/ab');
    expect(createKernelContext(depsWith({ read: store.read }), args).blobPath).toBeUndefined();
  });
});
