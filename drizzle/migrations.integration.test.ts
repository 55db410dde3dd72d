import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { appendAudit } from '../server/audit/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, defaultMigrationsFolder, migrate, type Db } from './client';
import { pgErrorOf, RESTRICT_VIOLATION, UNIQUE_VIOLATION, type PgErrorInfo } from './pg-error';
import { auditEvents, pipelines, pipelineVersions } from './schema';
import { createTestDatabase, type TestDatabase } from './test-db';

/** The PostgreSQL error a query fails with (fails the test when it succeeds). */
async function failure(q: PromiseLike<unknown>): Promise<PgErrorInfo | undefined> {
  try {
    await q;
  } catch (e) {
    return pgErrorOf(e) ?? { message: String(e) };
  }
  throw new Error('expected the query to fail');
}

/** Every committed migration must be applied (the journal lists them). */
const JOURNAL = JSON.parse(readFileSync(path.join(defaultMigrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };

const graph = { schema: 'studio.pipeline/v1' as const, name: 'p', description: '', nodes: [], edges: [] };

/** The same assertions on both engines: schema is usable and versions are insert-only. */
function contract(getDb: () => Db) {
  it('applies every migration and is idempotent', async () => {
    const db = getDb();
    await migrate(db); // second application is a no-op
    const rows = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = (rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n;
    expect(n).toBe(JOURNAL.entries.length);
  });

  it('refuses UPDATE and DELETE of pipeline_versions, allows INSERT', async () => {
    const db = getDb();
    await db.insert(pipelines).values({ id: 'p1', name: 'p', draft: graph });
    await db.insert(pipelineVersions).values({ id: 'v1', pipelineId: 'p1', semver: '1.0.0', graph, contentHash: 'h1' });
    const update = await failure(db.update(pipelineVersions).set({ notes: 'changed' }).where(sql`id = 'v1'`));
    expect(update).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/insert-only: UPDATE is not allowed/) });
    const del = await failure(db.delete(pipelineVersions).where(sql`id = 'v1'`));
    expect(del).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/insert-only: DELETE is not allowed/) });
    const truncate = await failure(db.execute(sql`truncate pipeline_versions cascade`));
    expect(truncate?.message).toMatch(/insert-only: TRUNCATE is not allowed/);
    const left = await db.select().from(pipelineVersions);
    expect(left.map((v) => [v.id, v.notes])).toEqual([['v1', '']]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit_events, allows INSERT', async () => {
    const db = getDb();
    const row = { at: new Date(), actor: { type: 'system' as const, id: 't' }, action: 'run.started', details: {}, origin: {}, prevHash: '0'.repeat(64), hash: 'h1' };
    const [stored] = await db.insert(auditEvents).values(row).returning();
    const update = await failure(db.update(auditEvents).set({ action: 'changed' }));
    expect(update).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/append-only: UPDATE is not allowed/) });
    const del = await failure(db.delete(auditEvents));
    expect(del).toMatchObject({ code: RESTRICT_VIOLATION, message: expect.stringMatching(/append-only: DELETE is not allowed/) });
    expect((await failure(db.execute(sql`truncate audit_events`)))?.message).toMatch(/append-only: TRUNCATE is not allowed/);
    expect((await db.select().from(auditEvents)).map((e) => [e.id, e.action])).toEqual([[stored.id, 'run.started']]);
  });

  it('hands audit_events and its trigger function to the NOLOGIN role studio_audit_owner (security)', async () => {
    const db = getDb();
    const rows = await db.execute(sql`select t.tableowner::text as owner, p.proowner::regrole::text as fowner, r.rolcanlogin as login, current_user::text as me
      from pg_tables t, pg_proc p, pg_roles r where t.tablename = 'audit_events' and p.proname = 'audit_events_append_only' and r.rolname = 'studio_audit_owner'`);
    const row = ((rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]))[0] as { owner: string; fowner: string; login: boolean; me: string };
    expect(row).toMatchObject({ owner: 'studio_audit_owner', fowner: 'studio_audit_owner', login: false });
    expect(row.me).not.toBe('studio_audit_owner');
  });

  it('enforces one content hash and one semver per pipeline', async () => {
    const db = getDb();
    const dup = await failure(db.insert(pipelineVersions).values({ id: 'v2', pipelineId: 'p1', semver: '1.0.1', graph, contentHash: 'h1' }));
    expect(dup).toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'pipeline_versions_content_unique' });
    const dupSemver = await failure(db.insert(pipelineVersions).values({ id: 'v3', pipelineId: 'p1', semver: '1.0.0', graph, contentHash: 'h2' }));
    expect(dupSemver).toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'pipeline_versions_semver_unique' });
  });
}

describe('migrations on PGlite (embedded, on disk)', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'studio-pglite-'));
    db = await createDb(undefined, { pgliteDir: path.join(dir, 'pglite') });
    await migrate(db);
  });
  afterAll(async () => {
    await closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  });
  contract(() => db);
});

describe('migrations on the real PostgreSQL server', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });
  it('is a real PostgreSQL server (not PGlite)', async () => {
    const rows = (await t.db.execute(sql`show server_version_num`)) as unknown as { server_version_num: string }[];
    expect(Number(rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);
  });
  contract(() => t.db);

  /**
   * The studio as a non-superuser login role that does not own audit_events (as documented):
   * it appends, and it cannot disable or drop the append-only triggers, take the table over,
   * replicate-mode around them, or update, delete or truncate events.
   */
  describe('as a non-owner studio role (security)', () => {
    const role = `studio_app_${randomBytes(4).toString('hex')}`;
    let admin: postgres.Sql;
    let app: Db;
    beforeAll(async () => {
      admin = postgres(t.url, { max: 1, onnotice: () => {} });
      const dbName = new URL(t.url).pathname.slice(1);
      await admin.unsafe(`create role ${role} login nosuperuser nocreaterole`);
      // The documented grants: start-up's (no-op) migration check, and reading and appending events.
      await admin.unsafe(`grant connect, create on database ${dbName} to ${role}; grant usage on schema public to ${role}; grant usage, create on schema drizzle to ${role}`);
      await admin.unsafe(`grant select, insert on drizzle.__drizzle_migrations to ${role}; grant select, insert on audit_events to ${role}`);
      const url = new URL(t.url);
      url.username = role;
      app = await createDb(url.toString(), { max: 1 });
    });
    afterAll(async () => {
      if (app) await closeDb(app);
      await admin?.unsafe(`drop owned by ${role}; drop role ${role}`);
      await admin?.end({ timeout: 5 });
    });

    it('starts as that role: migrating an up-to-date database is a no-op', async () => {
      await migrate(app);
    });

    it('appends events, and every way around the append-only rule is refused', async () => {
      const stored = await appendAudit(app, { actor: { type: 'system', id: 't' }, origin: {}, workspaceId: 'ws_default', action: 'run.started', objectType: 'run', objectId: 'r1', details: {} });
      expect(stored).toMatchObject({ action: 'run.started', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
      const refused = [
        'alter table audit_events disable trigger audit_events_no_update_delete',
        'alter table audit_events disable trigger all',
        'drop trigger audit_events_no_truncate on audit_events',
        `alter table audit_events owner to ${role}`,
        'alter function audit_events_append_only() owner to current_user',
        'set role studio_audit_owner',
        'set session_replication_role = replica',
        `update audit_events set action = 'x'`,
        'delete from audit_events',
        'truncate audit_events',
        'drop table audit_events',
      ];
      const failures = await Promise.all(refused.map((q) => failure(app.execute(sql.raw(q)))));
      for (const [i, f] of failures.entries()) expect(f?.code, refused[i]).toBe('42501'); // insufficient_privilege
      const rows = await admin`select count(*)::int as n from audit_events where object_id = 'r1'`;
      expect(rows[0].n).toBe(1);
    });
  });
});
