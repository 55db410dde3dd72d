import dcmjs from 'dcmjs';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallerFactory } from './trpc/init';
import { appRouter } from './trpc/root';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { auditEvents, deidMap, scans } from '../../drizzle/schema';
import { corpusPath, needFiles } from '../../test/needs';
import type { ServiceDeps } from '../../server/context';
import { mapError } from '../../server/errors';
import { createScanFromBytes, createScanFromStaged } from '../../server/scans/service';
import { createTestServices, testPrincipal } from '../../server/test-fixtures';
import { DEFAULT_DEID } from '../../server/deid/settings';

const need = needFiles('dicom/ct_series_seg/ct_01.dcm', 'dicom/ct_series_seg/ct_02.dcm', 'dicom/us_color/US_palette_8bit.dcm');
const file = (p: string) => ({ fileName: p.split('/').pop()!, bytes: new Uint8Array(readFileSync(corpusPath(p))) });
const ORIGINAL_SERIES = '1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1';

describe.runIf(need.ok)(need.title('de-identification at ingest, settings and re-identification (real PostgreSQL)'), () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const admin = () => createCallerFactory(appRouter)({ ...deps, principal: testPrincipal('admin') });
  const engineer = () => createCallerFactory(appRouter)({ ...deps, principal: testPrincipal('engineer') });
  const stored = async (scanId: string) => {
    const [row] = await deps.db.select().from(scans).where(eq(scans.id, scanId));
    return Promise.all(row.files.map(async (f) => Buffer.from(await deps.blobs.read(f.sha256)).toString('latin1')));
  };
  const actions = async (action: string) => (await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, action as never), eq(auditEvents.workspaceId, DEFAULT_WORKSPACE_ID)))).length;
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e) => mapError(e).client.code);

  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('is off by default: an upload is stored as sent', async () => {
    expect(await admin().deid.get()).toEqual(DEFAULT_DEID);
    const scan = await createScanFromBytes(deps, { files: [file('dicom/ct_series_seg/ct_01.dcm')] });
    expect((await stored(scan.id))[0]).toContain('JANCT000');
  });

  it('settings are for admins only, and every change is audited', async () => {
    expect(await codeOf(engineer().deid.get())).toBe('PERMISSION_DENIED');
    expect(await codeOf(engineer().deid.update({ ...DEFAULT_DEID, enabled: true }))).toBe('PERMISSION_DENIED');
    const before = await actions('deid.settings-changed');
    await admin().deid.update({ ...DEFAULT_DEID, enabled: true });
    expect(await admin().deid.get()).toMatchObject({ enabled: true, burnedIn: 'refuse', reidentify: false });
    expect(await actions('deid.settings-changed')).toBe(before + 1);
  });

  it('once on, a DICOM upload is stored de-identified: names gone, one series kept together under a new UID', async () => {
    const scan = await createScanFromBytes(deps, { files: [file('dicom/ct_series_seg/ct_01.dcm'), file('dicom/ct_series_seg/ct_02.dcm')] });
    const [a, b] = await stored(scan.id);
    for (const text of [a, b]) {
      expect(text).not.toContain('JANCT000');
      expect(text).not.toContain(ORIGINAL_SERIES);
      expect(text).toContain('ANON');
    }
    const seriesOf = async (sha: string) => String(dcmjs.data.DicomMessage.readFile((await deps.blobs.read(sha)).slice().buffer).dict['0020000E'].Value?.[0]);
    const [s1, s2] = await Promise.all(scan.files.map((f) => seriesOf(f.sha256)));
    expect(s1).toMatch(/^2\.25\.\d+$/);
    expect(s2).toBe(s1);
  });

  it('a name read from the headers (STOW-RS) is not used for a de-identified scan', async () => {
    const f = file('dicom/ct_series_seg/ct_01.dcm');
    const scan = await createScanFromStaged(deps, { headerName: 'Colonoscopy of JANCT000', uploads: [{ fileName: f.fileName, staged: await deps.blobs.stage([f.bytes]) }] });
    expect(scan.name).not.toContain('JANCT000');
  });

  it('refuses an image that may have burned-in text (nothing stored), or stores it flagged, by setting', async () => {
    const count = async () => (await deps.db.select().from(scans)).length;
    const n = await count();
    const refused = createScanFromBytes(deps, { files: [file('dicom/us_color/US_palette_8bit.dcm')] });
    await expect(refused).rejects.toMatchObject({ code: 'DEID_BURNED_IN', details: { reason: expect.stringContaining('US') } });
    expect(await count()).toBe(n);
    await admin().deid.update({ ...DEFAULT_DEID, enabled: true, burnedIn: 'flag' });
    const flagged = await actions('deid.burned-in-flagged');
    await createScanFromBytes(deps, { files: [file('dicom/us_color/US_palette_8bit.dcm')] });
    expect(await count()).toBe(n + 1);
    expect(await actions('deid.burned-in-flagged')).toBe(flagged + 1);
  });

  it('re-identification is refused unless the workspace keeps the map; when it does, each lookup is audited', async () => {
    expect(await codeOf(admin().deid.reidentify({ kind: 'uid', replacement: '2.25.1' }))).toBe('DEID_REID_DISABLED');
    expect(await deps.db.select().from(deidMap)).toEqual([]); // nothing kept while off

    await admin().deid.update({ ...DEFAULT_DEID, enabled: true, reidentify: true });
    await createScanFromBytes(deps, { files: [file('dicom/ct_series_seg/ct_01.dcm')] });
    const kept = await deps.db.select().from(deidMap);
    expect(kept.some((r) => r.original.includes('JANCT000') || r.original.includes(ORIGINAL_SERIES))).toBe(false); // sealed
    const patient = kept.find((r) => r.kind === 'patient')!;
    const looked = await actions('deid.reidentified');
    expect(await admin().deid.reidentify({ kind: 'patient', replacement: patient.replacement })).toEqual({ kind: 'patient', id: '99000', name: 'JANCT000' });
    const uids = await Promise.all(kept.filter((r) => r.kind === 'uid').map((r) => admin().deid.reidentify({ kind: 'uid', replacement: r.replacement })));
    expect(uids).toContainEqual({ kind: 'uid', uid: ORIGINAL_SERIES });
    expect(await codeOf(admin().deid.reidentify({ kind: 'uid', replacement: '2.25.1' }))).toBe('NOT_FOUND');
    expect(await actions('deid.reidentified')).toBe(looked + 1 + uids.length + 1);
    expect(await codeOf(engineer().deid.reidentify({ kind: 'patient', replacement: patient.replacement }))).toBe('PERMISSION_DENIED');
  });
});
