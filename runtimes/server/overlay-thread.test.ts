import { describe, expect, it } from 'vitest';
import { makeHeadPhantom } from '../../demo/phantom';
import type { LabelMapValue } from '../core/values';
import { overlayPng } from '../imaging/ops/overlay-png';
import { sha256HexSync } from './sha256';
import { OVERLAY_THREAD_FROM, threadedOverlayPng } from './overlay-thread';

const phantom = (size: number) => {
  const { volume, labels } = makeHeadPhantom({ size });
  return { volume, labels: { ...labels, labels: [{ value: 1, name: 'CSF' }, { value: 2, name: 'grey matter' }] } as LabelMapValue };
};

describe('output.overlay-png on the helper thread', () => {
  const { volume, labels } = phantom(72);

  it('writes the PNG the in-thread overlay writes, for the busiest slice and a chosen one', async () => {
    expect(volume.data.length).toBeGreaterThanOrEqual(OVERLAY_THREAD_FROM);
    for (const params of [{ slice: null, opacity: 0.5 }, { slice: 10, opacity: 0.8 }]) {
      const inline = overlayPng(volume, labels, params);
      const threaded = await threadedOverlayPng(volume, labels, params);
      expect(sha256HexSync(threaded)).toBe(sha256HexSync(inline));
    }
    expect(volume.data.length).toBe(72 ** 3); // copied to the thread, still the run's
  });

  it('refuses a slice beyond the image with BAD_NODE_INPUT, as the kernel always did', async () => {
    await expect(threadedOverlayPng(volume, labels, { slice: 72, opacity: 0.5 })).rejects.toMatchObject({ name: 'RuntimeError', code: 'BAD_NODE_INPUT' });
  });
});
