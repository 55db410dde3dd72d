import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ACTOR } from '../../domain/audit/events';
import { pgErrorOf, RESTRICT_VIOLATION } from '../../drizzle/pg-error';
import { auditEvents } from '../../drizzle/schema';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { prepareDemo } from '../../test/material';
import { studio } from '../../test/studio-cli';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from '../runs/deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { createDbRecorder } from '../runs/recorder';
import type { RunDeps } from '../../workflows/contract';
import { listVersions } from '../versions/repo';
import { recordAudit } from './service';
import { listAuditPage } from './log';
import { writeCheckpoint } from './checkpoint';
import { startAuditCheckpoints } from './checkpoint-schedule';
import { auditKey, auditSecret } from './key';
import { verifyAudit as verifyWith } from './verify';
import type { ServiceDeps } from '../context';
import { saveDraft } from '../pipelines/service';
import { startRun } from '../runs/service';
import { publishVersion } from '../versions/service';

/** The audit chain on the real PostgreSQL server: written with its actions, refused edits, tampering detected. */
describe('audit log (real PostgreSQL)', () => {
  let t: TestDatabase;
  let dataDir: string;
  let deps: ServiceDeps;
  let runDeps: RunDeps;
  /** A superuser session on the test database, triggers disabled for tampering. */
  let su: postgres.Sql;
  let cpDir: string;
  const verifyAudit = async (db: typeof t.db) => verifyWith(db, await auditKey(), cpDir);
  const origin = { ip: '10.0.0.7', userAgent: 'vitest' };
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-audit-'));
    cpDir = path.join(dataDir, 'checkpoints');
    deps = { db: t.db, blobs: new LocalBlobStore(dataDir), audit: { actor: DEMO_ACTOR, origin } };
    runDeps = createRunDepsFor(deps.db, deps.blobs);
    const executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    su = postgres(t.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await su?.end({ timeout: 5 });
    await runDeps?.inference.dispose();
    await t?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const events = async () => (await t.db.select().from(auditEvents).orderBy(auditEvents.id)).map((e) => ({ ...e, at: e.at.toISOString() }));
  const actions = async () => (await events()).map((e) => e.action);
  let demo: Awaited<ReturnType<typeof prepareDemo>>;

  it('records model, scan, pipeline and version events with who and from where', async () => {
    demo = await prepareDemo(deps, { size: 32 });
    expect(await actions()).toEqual(['model.registered', 'scan.uploaded', 'pipeline.created', 'version.published']);
    const all = await events();
    expect(all.every((e) => e.actor.type === 'user' && e.actor.id === 'demo-admin' && e.origin.ip === '10.0.0.7')).toBe(true);
    expect(all[1]).toMatchObject({ objectType: 'scan', objectId: demo.scanId, details: { format: 'nifti', fileCount: 1 } });
    expect(JSON.stringify(all[1].details)).not.toMatch(/demo-head/); // no scan (possibly patient) names
    expect(all[3]).toMatchObject({ objectType: 'version', objectId: demo.versionId, details: { semver: '0.1.0' } });
    expect(all[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
  });

  it('writes version.published in the publish transaction itself', async () => {
    const [row] = (await su`select v.xmin::text as v, a.xmin::text as a from pipeline_versions v join audit_events a on a.object_id = v.id where v.id = ${demo.versionId}`) as unknown as { v: string; a: string }[];
    expect(row.a).toBe(row.v);
  });

  it('a failed publish writes no event, and an event that cannot be written fails the publish', async () => {
    const pipelineId = (await events())[2].objectId!; // pipeline.created
    const before = (await events()).length;
    await expect(publishVersion(deps, { pipelineId, bump: 'minor' })).rejects.toMatchObject({ code: 'VERSION_EXISTS' });
    const draft = structuredClone(demo.graph);
    draft.nodes.push({ id: 'bogus', kind: 'pre.nope', version: 1, params: {} });
    await saveDraft(deps, { id: pipelineId, graph: draft });
    await expect(publishVersion(deps, { pipelineId, bump: 'minor' })).rejects.toMatchObject({ code: 'PIPELINE_INVALID' });
    expect((await actions()).slice(before)).toEqual(['draft.saved']);

    // Valid new content, but its audit event cannot be written (invalid actor): nothing is published.
    const valid = { ...structuredClone(demo.graph), description: 'changed' };
    await saveDraft(deps, { id: pipelineId, graph: valid });
    const leaky = { ...deps, audit: { actor: { type: 'user' as const, id: '' }, origin } };
    await expect(publishVersion(leaky, { pipelineId, bump: 'minor' })).rejects.toThrow();
    expect((await listVersions(t.db, pipelineId)).map((v) => v.semver)).toEqual(['0.1.0']);
    expect((await actions()).slice(before)).toEqual(['draft.saved', 'draft.saved']);
  });

  it('records run started and finished (system actor), failed and cancelled once each', async () => {
    const { runId } = await startRun(deps, { versionId: demo.versionId, scanId: demo.scanId });
    await (await deps.executor!()).wait(runId);
    const broken = { ...deps, executor: async () => ({ name: 'embedded' as const, start: async () => { throw new Error('worker down'); }, wait: async () => { throw new Error('no'); }, cancel: async () => {} }) };
    const failed = await startRun(broken, { versionId: demo.versionId, scanId: demo.scanId }).catch((e) => e.details.runId as string);
    const { runId: cancelled } = await startRun({ ...broken, executor: async () => ({ ...(await broken.executor()), start: async () => {} }) }, { versionId: demo.versionId, scanId: demo.scanId });
    const recorder = createDbRecorder(t.db);
    await recorder.runStatus(cancelled, 'cancelled');
    await recorder.runStatus(cancelled, 'cancelled'); // a repeated status is not a second event

    const runEvents = (await events()).filter((e) => e.objectType === 'run').map((e) => [e.objectId, e.action, e.actor.type]);
    expect(runEvents).toEqual([
      [runId, 'run.started', 'user'],
      [runId, 'run.finished', 'system'],
      [failed, 'run.started', 'user'],
      [failed, 'run.failed', 'system'],
      [cancelled, 'run.started', 'user'],
      [cancelled, 'run.cancelled', 'system'],
    ]);
    expect((await events()).find((e) => e.objectId === failed && e.action === 'run.failed')!.details).toEqual({ status: 'failed', errorCode: 'EXECUTOR_UNAVAILABLE' });
  });

  it('lists with filters and cursor pagination, newest first', async () => {
    const all = await events();
    const page1 = await listAuditPage(deps, { limit: 3 });
    expect(page1.items.map((e) => e.id)).toEqual(all.slice(-3).reverse().map((e) => e.id));
    const page2 = await listAuditPage(deps, { limit: 3, cursor: page1.nextCursor! });
    expect(page2.items[0].id).toBeLessThan(page1.items[2].id);
    const runs = await listAuditPage(deps, { objectType: 'run', action: 'run.started', actor: 'demo-admin', actorType: 'user' });
    expect(runs.items).toHaveLength(3);
    expect(runs.nextCursor).toBeNull();
    const none = await listAuditPage(deps, { from: new Date(Date.now() + 60_000) });
    expect(none.items).toEqual([]);
  });

  it('keeps the chain linear under concurrent appends from several connections', async () => {
    const before = (await events()).length;
    await Promise.all(Array.from({ length: 24 }, (_, i) => recordAudit(deps, { action: 'result.viewed', objectType: 'scan', objectId: `scan_${i}` })));
    const all = await events();
    expect(all).toHaveLength(before + 24);
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit events (trigger)', async () => {
    const refused = async (q: PromiseLike<unknown>) => pgErrorOf(await Promise.resolve(q).then(() => undefined, (e) => e));
    expect(await refused(t.db.update(auditEvents).set({ action: 'x' }))).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/append-only: UPDATE/) });
    expect(await refused(t.db.delete(auditEvents))).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/append-only: DELETE/) });
    expect((await refused(t.db.execute(sql`truncate audit_events`)))?.message).toMatch(/append-only: TRUNCATE/);
    const [{ n }] = (await su`select count(*)::int as n from information_schema.role_table_grants where table_name = 'audit_events' and grantee = 'PUBLIC' and privilege_type in ('UPDATE','DELETE','TRUNCATE')`) as unknown as { n: number }[];
    expect(n).toBe(0);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, checked: (await events()).length, firstBroken: null });
  });

  const cli = () => studio(['audit', 'verify', '--json'], { DATABASE_URL: t.url, STUDIO_DATA_DIR: dataDir, STUDIO_AUDIT_KEY: auditSecret(), STUDIO_AUDIT_CHECKPOINT_DIR: cpDir });

  it('writes a signed checkpoint on demand (`studio audit checkpoint`) that verify then checks against', async () => {
    const all = await events();
    const env = { DATABASE_URL: t.url, STUDIO_DATA_DIR: dataDir, STUDIO_AUDIT_KEY: auditSecret(), STUDIO_AUDIT_CHECKPOINT_DIR: cpDir };
    const r = await studio(['audit', 'checkpoint', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.checkpoint).toMatchObject({ lastId: all.at(-1)!.id, lastHash: all.at(-1)!.hash, count: all.length, keyId: (await auditKey()).id });
    expect(readdirSync(cpDir)).toEqual([path.basename(r.json.file)]);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, checkpoints: { valid: 1, invalid: 0 } });
  });

  it('reports a row edited by a superuser with triggers disabled, in verifyAudit and `studio audit verify --json`', async () => {
    const all = await events();
    const target = all[3];
    const ok = await cli();
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, checked: all.length, head: { id: all.at(-1)!.id } });

    await su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set details = jsonb_set(details, '{semver}', '"9.9.9"') where id = ${target.id}`;
    });
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, checked: 3, firstBroken: { id: target.id, reason: 'mac-mismatch' } });
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, firstBroken: { id: target.id, reason: 'mac-mismatch', code: 'EVENT_MAC_MISMATCH' } });

    // Put the original back: the chain verifies again (the hash covers content, not storage).
    await su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_events set details = ${tx.json(target.details as never)} where id = ${target.id}`;
    });
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('reports a deleted middle row as a missing link on the next id', async () => {
    const all = await events();
    const middle = all[Math.floor(all.length / 2)];
    const next = all[Math.floor(all.length / 2) + 1];
    await su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from audit_events where id = ${middle.id}`;
    });
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBroken: { id: next.id, reason: 'missing-link', expected: middle.prevHash, actual: middle.hash } });
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.json.firstBroken).toMatchObject({ id: next.id, reason: 'missing-link' });
  });

  it('writes checkpoints at start and on the configured schedule', async () => {
    const dir = path.join(dataDir, 'scheduled');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stop = startAuditCheckpoints(t.db, { dir, intervalSeconds: 60 });
    try {
      // One at start: a wipe before the first interval is still caught.
      await stop.idle();
      expect(readdirSync(dir)).toHaveLength(1);
      // The schedule passes its last checkpoint: an idle chain gets no new file.
      await vi.advanceTimersByTimeAsync(60_000);
      await stop.idle();
      expect(readdirSync(dir)).toHaveLength(1);
      await recordAudit(deps, { action: 'result.viewed', objectType: 'scan', objectId: 'later' });
      await vi.advanceTimersByTimeAsync(60_000);
      await stop.idle();
      expect(readdirSync(dir)).toHaveLength(2);
      const [file] = readdirSync(dir).sort();
      const last = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      expect((await writeCheckpoint(t.db, await auditKey(), dir, new Date(), last)).file).not.toBeNull();
    } finally {
      stop();
      vi.useRealTimers();
    }
  });
});
