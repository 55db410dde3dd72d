import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
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
});
