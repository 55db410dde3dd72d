import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDeps } from '../../../server/context';
import { createTestServices, segmentationGraph, testPrincipal } from '../../../server/test-fixtures';
import { appRouter } from './root';

/** The HTTP surface exactly as /api/trpc serves it, over a test database. */
describe('tRPC over HTTP (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  const call = (path: string, init?: { input?: unknown; method?: 'GET' | 'POST' }) => {
    const method = init?.method ?? 'GET';
    const input = init?.input === undefined ? '' : JSON.stringify(init.input);
    const url = `http://studio.test/api/trpc/${path}` + (method === 'GET' && input ? `?input=${encodeURIComponent(input)}` : '');
    const req = new Request(url, { method, body: method === 'POST' ? input : undefined, headers: { 'content-type': 'application/json' } });
    return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: async () => ({ ...deps, principal: testPrincipal('admin') }) });
  };

  it('serves the catalogue', async () => {
    const res = await call('catalogue.list');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.result.data.map((s: { kind: string }) => s.kind)).toContain('model.onnx');
    expect(body.result.data[0].paramsSchema).toHaveProperty('type', 'object');
  });

  it('creates, saves and refuses to publish an invalid pipeline with 422 PIPELINE_INVALID and issues, no stack', async () => {
    const created = await (await call('pipelines.create', { method: 'POST', input: { name: 'p' } })).json();
    const id = created.result.data.id;
    const saved = await call('pipelines.saveDraft', { method: 'POST', input: { id, graph: segmentationGraph({ file: 'nope.onnx' }) } });
    expect((await saved.json()).result.data.issues.map((i: { code: string }) => i.code)).toContain('model-missing');

    const res = await call('versions.publish', { method: 'POST', input: { pipelineId: id, bump: 'major' } });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.data).toMatchObject({ appCode: 'PIPELINE_INVALID', code: 'UNPROCESSABLE_CONTENT', httpStatus: 422 });
    expect(error.data.details.issues.length).toBeGreaterThan(0);
    expect(error.data.stack).toBeUndefined();
    expect(JSON.stringify(error)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('maps NOT_FOUND to 404 and bad input to 400', async () => {
    const missing = await call('pipelines.get', { input: { id: 'pl_missing' } });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ message: 'pipeline pl_missing not found', data: { appCode: 'NOT_FOUND' } });
    const bad = await call('versions.publish', { method: 'POST', input: { pipelineId: 'x', bump: 'huge' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.data.appCode).toBe('BAD_REQUEST');
  });
});
