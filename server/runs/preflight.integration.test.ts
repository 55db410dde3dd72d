import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScan } from '../../demo/scan';
import { buildFixedShapeModel, publish, readExample } from '../../test/material';
import type { ServiceDeps } from '../context';
import { registerModelBytes } from '../models/service';
import { createScanFromBytes } from '../scans/service';
import { createTestServices } from '../test-fixtures';
import { scanCompatibility } from './preflight';
import { startRun } from './service';

describe('preflight (real PostgreSQL): which scans a version can run on', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('lists compatible scans first and the others with the reason; starting on one of those is refused in words', async () => {
    await registerModelBytes(deps, { fileName: 'fixed-16.onnx', bytes: buildFixedShapeModel(16) });
    const big = await createScanFromBytes(deps, { name: 'big', files: [{ fileName: 'big.nii.gz', bytes: writeDemoScan({ size: 32 }) }] });
    const fits = await createScanFromBytes(deps, { name: 'fits', files: [{ fileName: 'fits.nii.gz', bytes: writeDemoScan({ size: 16 }) }] });
    const base = await readExample('demo-tissue.json');
    const graph = { ...base, name: 'fixed 16', nodes: base.nodes.map((n) => (n.id === 'model' ? { ...n, params: { ...n.params, model: { file: 'fixed-16.onnx' } } } : n)) };
    const { versionId } = await publish(deps, graph, fits.id);
    const list = await scanCompatibility(deps, versionId);
    expect(list.map((r) => [r.scanId, r.compatible])).toEqual([[fits.id, true], [big.id, false]]);
    expect(list[1].reason).toBe('the scan (a NIfTI file of 32x32x32 voxels) does not fit: model input "input" expects [1,1,16,16,16] but receives [1,1,32,32,32]');
    await expect(startRun(deps, { versionId, scanId: big.id })).rejects.toMatchObject({ code: 'SCAN_MISMATCH', message: list[1].reason });
  });
});
