import { describe, expect, it } from 'vitest';
import { applyMapping } from '../../domain/evaluation/grid';
import { labelMetrics } from '../../domain/evaluation/metrics';
import { INLINE_VOXELS, labelMetricsOffThread } from './metrics-thread';

/** Two overlapping balls on a 72^3 anisotropic grid (above INLINE_VOXELS: computed on the thread). */
function balls(n: number, shift: number) {
  const data = new Uint8Array(n * n * n);
  for (let k = 0, i = 0; k < n; k++) for (let j = 0; j < n; j++) for (let x = 0; x < n; x++, i++) {
    const c = n / 2;
    if ((x - c - shift) ** 2 + (j - c) ** 2 + (k - c) ** 2 < (n / 4) ** 2) data[i] = 1;
    else if ((x - c) ** 2 + (j - c) ** 2 < (n / 6) ** 2) data[i] = 2;
  }
  return data;
}

describe('labelMetricsOffThread', () => {
  const n = 72;
  const spacing = [0.8, 1, 1.5] as const;
  const dims = [n, n, n] as const;

  it('answers what labelMetrics answers inline, from a worker thread', async () => {
    expect(n ** 3).toBeGreaterThan(INLINE_VOXELS);
    const inline = labelMetrics({ data: balls(n, 3), dims, spacing }, { data: balls(n, 0), dims, spacing }, [1, 2], { toleranceMm: 1 });
    const threaded = await labelMetricsOffThread({ data: balls(n, 3), dims, spacing }, { data: balls(n, 0), dims, spacing }, [1, 2], { toleranceMm: 1 });
    expect(threaded).toEqual(inline);
    expect(inline[0].dice).toBeLessThan(1);
  });

  it('brings a domain error of the thread back typed (GRID_MISMATCH on different spacings)', async () => {
    await expect(labelMetricsOffThread({ data: balls(n, 0), dims, spacing }, { data: balls(n, 0), dims, spacing: [1, 1, 1] }, [1], { toleranceMm: 1 })).rejects.toMatchObject({ name: 'DomainError', code: 'GRID_MISMATCH' });
  });

  it('maps the reference to labels on the thread as applyMapping does inline (refMapping)', async () => {
    const swap = { entries: [{ reference: 1, label: 2 }, { reference: 2, label: 1 }] };
    const inline = labelMetrics({ data: balls(n, 3), dims, spacing }, { data: applyMapping(balls(n, 0), swap), dims, spacing }, [1, 2], { toleranceMm: 1 });
    const threaded = await labelMetricsOffThread({ data: balls(n, 3), dims, spacing }, { data: balls(n, 0), dims, spacing }, [1, 2], { toleranceMm: 1, refMapping: swap });
    expect(threaded).toEqual(inline);
    const unmapped = labelMetrics({ data: balls(n, 3), dims, spacing }, { data: balls(n, 0), dims, spacing }, [1, 2], { toleranceMm: 1 });
    expect(threaded[0].dice).not.toBeCloseTo(unmapped[0].dice!, 3); // the mapping matters here
    const small = 16;
    const d3 = [small, small, small] as const;
    expect(await labelMetricsOffThread({ data: balls(small, 1), dims: d3, spacing }, { data: balls(small, 0), dims: d3, spacing }, [1, 2], { toleranceMm: 1, refMapping: swap })).toEqual(
      labelMetrics({ data: balls(small, 1), dims: d3, spacing }, { data: applyMapping(balls(small, 0), swap), dims: d3, spacing }, [1, 2], { toleranceMm: 1 }),
    );
  });
});
