import { env } from '../env';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../../domain/auth/permissions';
import { webhooks, workspaces } from '../../drizzle/schema';
import { eq } from 'drizzle-orm';
import { createRunDepsFor } from '../runs/deps';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import type { Executor, RunDeps } from '../../workflows/contract';
import { listScans } from '../scans/repo';
import { listPipelineDtos } from '../pipelines/service';
import { getRunDetail, startRun } from '../runs/service';
import { DEMO_PIPELINE, seedDemo } from '../seed';
import { createTestServices, type TestServices } from '../test-fixtures';
import { createWebhook, deleteWebhook, enqueueRunEvent, listDeliveries } from './service';
import { processDueDeliveries } from './dispatcher';
import { MAX_ATTEMPTS } from './signing';

/** A local receiver answering with scripted statuses (then 200), recording every request. */
function receiver() {
  const got: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  return {
    got,
    script,
    server,
    url: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
  };
}

describe('webhooks (real PostgreSQL, embedded executor, local receiver)', () => {
  let deps: TestServices;
  let runDeps: RunDeps;
  let executor: Executor;
  let runId: string;
  const rx = receiver();
  let url: string;
  const admin = { workspaceId: DEFAULT_WORKSPACE_ID, createdBy: 'usr_admin' };

  const allowPrivate = env.STUDIO_WEBHOOK_ALLOW_PRIVATE;
  beforeAll(async () => {
    env.STUDIO_WEBHOOK_ALLOW_PRIVATE = true; // the receiver is on loopback
    deps = await createTestServices();
    runDeps = createRunDepsFor(deps.db, deps.blobs);
    executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    await seedDemo(deps, { corpusDir: path.join(deps.blobs.root, 'no-corpus-here') });
    url = await rx.url();
  });
  afterAll(async () => {
    env.STUDIO_WEBHOOK_ALLOW_PRIVATE = allowPrivate;
    rx.server.close();
    await runDeps?.inference.dispose();
    await deps?.close();
  });

  it('enqueues a delivery when a run finishes and POSTs it signed with HMAC-SHA256', async () => {
    const { secret, webhook } = await createWebhook(deps, { ...admin, url, events: ['run.finished', 'run.failed'] });
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).not.toHaveProperty('secret');
    // At rest only the shown prefix is readable; the dispatcher still signs with the secret (below).
    const [stored] = await deps.db.select({ secret: webhooks.secret }).from(webhooks).where(eq(webhooks.id, webhook.id));
    expect(stored.secret).toMatch(/^enc1:/);
    expect(stored.secret).not.toContain(secret.slice(10));
    expect(webhook.secretPrefix).toBe(secret.slice(0, 10));

    const demo = (await listPipelineDtos(deps)).find((p) => p.name === DEMO_PIPELINE)!;
    const [scan] = await listScans(deps.db);
    runId = (await startRun(deps, { versionId: demo.activeVersion!.id, scanId: scan.id })).runId;
    await executor.wait(runId);
    const [pending] = await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID });
    expect(pending).toMatchObject({ runId, event: 'run.finished', status: 'pending', attempts: 0 });

    expect(await processDueDeliveries({ db: deps.db })).toBe(1);
    expect(rx.got).toHaveLength(1);
    const { headers, body } = rx.got[0];
    const ts = headers['x-studio-timestamp'] as string;
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(headers['x-studio-signature']).toBe(`sha256=${expected}`);
    expect(headers['x-studio-delivery']).toBe(pending.id);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const payload = JSON.parse(body);
    const run = await getRunDetail(deps, runId);
    expect(payload).toMatchObject({ id: pending.id, event: 'run.finished', run: { id: runId, status: 'succeeded', versionId: demo.activeVersion!.id, scanId: scan.id } });
    expect(payload.run.outputs.map((o: { sha256: string }) => o.sha256)).toEqual(run.artifacts.map((a) => a.sha256));

    const [done] = await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID, webhookId: webhook.id });
    expect(done).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null });
    expect(await processDueDeliveries({ db: deps.db })).toBe(0); // nothing left to send
    expect(await enqueueRunEvent(deps.db, runId, 'succeeded')).toBe(0); // once per run and webhook
  });

  it('retries a receiver that fails twice with backoff, then delivers: 3 attempts in the log', async () => {
    const { webhook } = await createWebhook(deps, { ...admin, url, events: ['run.finished'] });
    expect(await enqueueRunEvent(deps.db, runId, 'succeeded')).toBe(1);
    rx.got.length = 0;
    rx.script.push(500, 503);
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const d = { db: deps.db, now: () => new Date(clock), random: () => 0 };
    const log = async () => (await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID, webhookId: webhook.id }))[0];

    expect(await processDueDeliveries(d)).toBe(1);
    expect(await log()).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, nextAttemptAt: new Date(clock + 5_000).toISOString() });
    clock += 4_999;
    expect(await processDueDeliveries(d)).toBe(0); // not due yet
    clock += 1;
    expect(await processDueDeliveries(d)).toBe(1);
    expect(await log()).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 503, nextAttemptAt: new Date(clock + 10_000).toISOString() });
    clock += 10_000;
    expect(await processDueDeliveries(d)).toBe(1);
    const final = await log();
    expect(final).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, nextAttemptAt: null });
    expect(final.attemptLog.map((a) => a.status)).toEqual([500, 503, 200]);
    expect(new Set(rx.got.map((g) => g.headers['x-studio-delivery']))).toEqual(new Set([final.id]));
    expect(rx.got).toHaveLength(3);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts on a receiver that never answers`, async () => {
    const { webhook } = await createWebhook(deps, { ...admin, url: 'http://127.0.0.1:9/unreachable', events: ['run.finished'] });
    await enqueueRunEvent(deps.db, runId, 'succeeded');
    let clock = Date.parse('2031-01-01T00:00:00Z');
    const d = { db: deps.db, now: () => new Date(clock), random: () => 0.5 };
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++, clock += 2 * 3_600_000) await processDueDeliveries(d);
    const [row] = await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID, webhookId: webhook.id });
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatus: null });
    expect(row.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(row.attemptLog).toHaveLength(MAX_ATTEMPTS);
  });

  it('keeps each workspace to its own webhooks; a deleted webhook sends nothing more', async () => {
    await deps.db.insert(workspaces).values({ id: 'ws_other', name: 'Other' });
    const { webhook } = await createWebhook(deps, { ...admin, url, events: ['run.finished'] });
    expect(await listDeliveries(deps, { workspaceId: 'ws_other' })).toEqual([]);
    await expect(deleteWebhook(deps, { workspaceId: 'ws_other', id: webhook.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await enqueueRunEvent(deps.db, runId, 'succeeded');
    await deleteWebhook(deps, { workspaceId: DEFAULT_WORKSPACE_ID, id: webhook.id });
    rx.got.length = 0;
    await processDueDeliveries({ db: deps.db, now: () => new Date(Date.parse('2040-01-01T00:00:00Z')) });
    expect(rx.got).toHaveLength(0);
    const [row] = await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID, webhookId: webhook.id });
    expect(row).toMatchObject({ status: 'failed', lastError: 'the webhook was deleted' });
  });

  it('refuses URLs that are not http(s) or carry credentials', async () => {
    await expect(createWebhook(deps, { ...admin, url: 'file:///etc/passwd', events: ['run.failed'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(createWebhook(deps, { ...admin, url: 'https://u:p@example.test/', events: ['run.failed'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses private and loopback targets unless allowed, at creation and again at delivery', async () => {
    const { webhook } = await createWebhook(deps, { ...admin, url, events: ['run.finished'] }); // allowed while the flag is on
    env.STUDIO_WEBHOOK_ALLOW_PRIVATE = false;
    try {
      for (const target of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://10.1.2.3/x', 'http://[::ffff:192.168.0.1]/x']) {
        await expect(createWebhook(deps, { ...admin, url: target, events: ['run.failed'] })).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' });
      }
      await enqueueRunEvent(deps.db, runId, 'succeeded');
      rx.got.length = 0;
      await processDueDeliveries({ db: deps.db, now: () => new Date(Date.parse('2050-01-01T00:00:00Z')) });
      expect(rx.got).toHaveLength(0); // nothing reached the loopback receiver
      const [row] = await listDeliveries(deps, { workspaceId: DEFAULT_WORKSPACE_ID, webhookId: webhook.id });
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
      expect(row.lastError).toMatch(/private or loopback address \(127\.0\.0\.1\)/);
    } finally {
      env.STUDIO_WEBHOOK_ALLOW_PRIVATE = true;
      await deleteWebhook(deps, { workspaceId: DEFAULT_WORKSPACE_ID, id: webhook.id });
    }
  });
});
