import { count } from 'drizzle-orm';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chainGraph } from '../../domain/validation/test-graphs';
import { pipelines } from '../../drizzle/schema';
import { routeProcess, type RouteProcess } from '../../test/route-process';
import { demoSessionCookies } from '../../test/sign-in';
import { craftZip, deflatedZeros } from '../../test/zip-craft';

const GiB = 1024 ** 3;

/**
 * Security: request limits at the HTTP surface, as Next calls the route handlers: tRPC batch
 * size, JSON body size, graph size (drafts, create, publish, a stored oversized draft opened),
 * and the version import route's declared-size check.
 */
describe('security: limits before work at /api/trpc and /api/versions/import', () => {
  let proc: RouteProcess;
  let cookie: string;
  let routes: { trpc: typeof import('./trpc/[trpc]/route'); imp: typeof import('./versions/import/route'); rest: typeof import('./v1/[...path]/route') };
  let db: Awaited<ReturnType<typeof import('../../server/db').getDb>>;
  beforeAll(async () => {
    proc = await routeProcess('limits');
    routes = { trpc: await import('./trpc/[trpc]/route'), imp: await import('./versions/import/route'), rest: await import('./v1/[...path]/route') };
    db = await (await import('../../server/db')).getDb();
    ({ engineer: { cookie } } = await demoSessionCookies());
  });
  afterAll(async () => {
    await proc?.close();
  });

  const trpc = (procs: string, body?: string, query = '') =>
    routes.trpc.POST(new Request(`http://studio.test/api/trpc/${procs}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body }));
  const trpcGet = (proc: string, input: unknown) =>
    routes.trpc.GET(new Request(`http://studio.test/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie } }));
  const pipelineCount = async () => (await db.select({ n: count() }).from(pipelines))[0].n;
  const appError = async (res: Response) => (await res.json()).error.data;

  it('refuses a 300-call batch with 413 BATCH_TOO_LARGE before running any call', async () => {
    const before = await pipelineCount();
    const input = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [i, { name: `batch ${i}` }]));
    const res = await trpc(Array(300).fill('pipelines.create').join(','), JSON.stringify(input), '?batch=1');
    expect(res.status).toBe(413);
    expect(await appError(res)).toMatchObject({ appCode: 'BATCH_TOO_LARGE', details: { calls: 300, limit: 50 } });
    expect(await pipelineCount()).toBe(before);
    const ok = await trpc(Array(20).fill('pipelines.create').join(','), JSON.stringify(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, { name: `ok ${i}` }]))), '?batch=1');
    expect(ok.status).toBe(200); // the studio client's own batch size (20) passes
    expect(await pipelineCount()).toBe(before + 20);
  });

  it('refuses 10,000- and 100,000-node drafts (413 GRAPH_TOO_LARGE / BODY_TOO_LARGE) without storing them', async () => {
    const created = await (await trpc('pipelines.create', JSON.stringify({ name: 'Big drafts' }))).json();
    const id = created.result.data.id;
    const draftOf = async () => (await (await trpcGet('pipelines.get', { id })).json()).result.data.draft;
    const before = await draftOf();
    for (const n of [10_000, 100_000]) {
      const t0 = performance.now();
      const res = await trpc('pipelines.saveDraft', JSON.stringify({ id, graph: chainGraph(n) }));
      const ms = performance.now() - t0;
      const err = await appError(res);
      console.info(`${n}-node draft: ${res.status} ${err.appCode} in ${ms.toFixed(0)} ms`);
      expect(res.status).toBe(413);
      expect(['GRAPH_TOO_LARGE', 'BODY_TOO_LARGE']).toContain(err.appCode);
      expect(ms).toBeLessThan(2000);
      expect(await draftOf()).toEqual(before);
    }
    const count0 = await pipelineCount();
    const res = await trpc('pipelines.create', JSON.stringify({ name: 'Huge', graph: chainGraph(10_000) }));
    expect(res.status).toBe(413);
    expect(await appError(res)).toMatchObject({ appCode: 'GRAPH_TOO_LARGE', details: { what: 'nodes', actual: 10_000, limit: 500 } });
    expect(await pipelineCount()).toBe(count0);
  });

  it('a graph at the cap (500 nodes) is saved and validated quickly', async () => {
    const created = await (await trpc('pipelines.create', JSON.stringify({ name: 'At cap' }))).json();
    const t0 = performance.now();
    const res = await trpc('pipelines.saveDraft', JSON.stringify({ id: created.result.data.id, graph: chainGraph(500) }));
    const ms = performance.now() - t0;
    console.info(`500-node draft saved and validated in ${ms.toFixed(0)} ms`);
    expect(res.status).toBe(200);
    expect(ms).toBeLessThan(2000);
  });

  it('a 100,000-node draft stored before the limits opens in bounded time with one graph-too-large issue and cannot be published', async () => {
    const { updateDraft } = await import('../../server/pipelines/repo');
    const created = await (await trpc('pipelines.create', JSON.stringify({ name: 'Legacy huge' }))).json();
    const id = created.result.data.id;
    await updateDraft(db, id, chainGraph(100_000));
    const t0 = performance.now();
    const res = await trpcGet('pipelines.get', { id });
    const ms = performance.now() - t0;
    console.info(`stored 100,000-node draft opened in ${ms.toFixed(0)} ms`);
    expect(res.status).toBe(200);
    expect((await res.json()).result.data.issues).toEqual([expect.objectContaining({ code: 'graph-too-large' })]);
    expect(ms).toBeLessThan(5000);
    const pub = await trpc('versions.publish', JSON.stringify({ pipelineId: id, bump: 'major' }));
    expect(pub.status).toBe(413);
    expect(await appError(pub)).toMatchObject({ appCode: 'GRAPH_TOO_LARGE' });
  }, 30_000);

  it('refuses a JSON body over the limit (413 BODY_TOO_LARGE) from Content-Length, before parsing', async () => {
    const res = await trpc('pipelines.create', JSON.stringify({ name: 'x', description: 'y'.repeat(3 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(await appError(res)).toMatchObject({ appCode: 'BODY_TOO_LARGE', details: { limitBytes: 2 * 1024 * 1024 } });
    // The REST face too, also when the body is streamed without a Content-Length.
    const big = new TextEncoder().encode(JSON.stringify({ versionId: 'pv_x', scanId: 's', note: 'z'.repeat(3 * 1024 * 1024) }));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 64 * 1024) c.enqueue(big.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    const rest = await routes.rest.POST(new Request('http://studio.test/api/v1/runs', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body, duplex: 'half' } as RequestInit));
    expect(rest.status).toBe(413);
    expect((await rest.json()).error).toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('POST /api/versions/import refuses a zip declaring 3 GiB with 413 BUNDLE_TOO_LARGE before inflating', async () => {
    const bomb = craftZip([
      { name: 'manifest.json', data: strToU8('{}'), method: 0, declaredSize: 2 },
      { name: 'models/a.onnx', data: deflatedZeros(1.5 * GiB), method: 8, declaredSize: 1.5 * GiB },
      { name: 'models/b.onnx', data: deflatedZeros(1.5 * GiB), method: 8, declaredSize: 1.5 * GiB },
    ]);
    const t0 = performance.now();
    const res = await routes.imp.POST(new Request('http://studio.test/api/versions/import', { method: 'POST', headers: { 'content-type': 'application/zip', cookie }, body: bomb as Uint8Array<ArrayBuffer> }));
    const ms = performance.now() - t0;
    console.info(`import route, 3 GiB declared: ${res.status} in ${ms.toFixed(0)} ms`);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'BUNDLE_TOO_LARGE' });
    expect(ms).toBeLessThan(1000);
  });
});
