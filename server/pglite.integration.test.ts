import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, createDb, migrate } from '../drizzle/client';
import { LocalBlobStore } from './blobs/local-store';
import { listAuditPage } from './audit/log';
import { auditKey } from './audit/key';
import { verifyAudit } from './audit/verify';
import type { ServiceDeps } from './context';
import { listPipelineDtos, saveDraft, getPipelineDetail } from './pipelines/service';
import { DEMO_PIPELINE, seedDemo } from './seed';
import { publishVersion } from './versions/service';

/** The zero-config path (embedded PGlite on disk): seed, reopen, publish in a transaction. */
describe('services on the embedded PGlite', () => {
  let dir: string;
  let deps: ServiceDeps;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'studio-pglite-svc-'));
    deps = { db: await createDb(undefined, { pgliteDir: path.join(dir, 'pglite') }), blobs: new LocalBlobStore(dir) };
    await migrate(deps.db);
  });
  afterAll(async () => {
    await closeDb(deps.db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds the demo, survives a reopen, and publishes the next version transactionally', async () => {
    await seedDemo(deps, { corpusDir: path.join(dir, 'no-corpus') });
    await closeDb(deps.db);
    deps.db = await createDb(undefined, { pgliteDir: path.join(dir, 'pglite') });
    await migrate(deps.db); // already applied: no-op
    await seedDemo(deps, { corpusDir: path.join(dir, 'no-corpus') });
    const [demo] = await listPipelineDtos(deps);
    expect(demo).toMatchObject({ name: DEMO_PIPELINE, versionCount: 1, activeVersion: { semver: '1.0.0' } });

    await expect(publishVersion(deps, { pipelineId: demo.id, bump: 'patch' })).rejects.toMatchObject({ code: 'VERSION_EXISTS' });
    const draft = (await getPipelineDetail(deps, demo.id)).draft;
    await saveDraft(deps, { id: demo.id, graph: { ...draft, description: 'edited' } });
    expect((await publishVersion(deps, { pipelineId: demo.id, bump: 'patch' })).semver).toBe('1.0.1');

    // The audit chain spans both sessions and verifies; the seed acted as the system.
    const { items } = await listAuditPage(deps, { limit: 3 });
    expect(items.map((e) => [e.action, e.actor.type])).toEqual([['version.published', 'system'], ['draft.saved', 'system'], ['version.published', 'system']]);
    expect(await verifyAudit(deps.db, await auditKey(), path.join(dir, 'checkpoints'))).toMatchObject({ ok: true, firstBroken: null, head: { id: items[0].id } });
  });
});
