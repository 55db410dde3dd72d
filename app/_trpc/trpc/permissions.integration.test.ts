import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../../demo/tissue-classifier';
import { KEY_ACTIONS, ROLES, roleCan, type Action, type Principal, type Role } from '../../../domain/auth/permissions';
import { workspaces } from '../../../drizzle/schema';
import { mapError } from '../../../server/errors';
import type { ServiceDeps } from '../../../server/context';
import { registerModelBytes } from '../../../server/models/service';
import { createPipeline } from '../../../server/pipelines/service';
import { createTestServices, segmentationGraph, testPrincipal } from '../../../server/test-fixtures';
import { publishVersion } from '../../../server/versions/service';
import { createCallerFactory, type Meta } from './init';
import { appRouter } from './root';

/**
 * The whole role x action matrix, walked over every procedure of the router: each one names
 * the action it needs (meta.action), and each role gets 403 PERMISSION_DENIED exactly where
 * the permission table says no; callers without credentials get 401 AUTH_REQUIRED. The
 * middleware runs before input parsing, so calling with no input is enough to see the verdict.
 */
const PUBLIC = new Set(['account.me']);

type Proc = { _def: { meta?: Meta; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Proc>);

async function verdict(deps: ServiceDeps, principal: Principal | null, path: string) {
  const caller = createCallerFactory(appRouter)({ ...deps, principal }) as unknown as Record<string, unknown>;
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await fn(undefined);
    return 'ok';
  } catch (e) {
    const { client, http } = mapError(e instanceof TRPCError ? e : e);
    return client.code === 'PERMISSION_DENIED' || client.code === 'AUTH_REQUIRED' ? `${http} ${client.code}` : 'passed the gate';
  }
}

describe('permissions: every procedure x every role (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  beforeAll(async () => {
    deps = await createTestServices();
  });
  afterAll(async () => deps?.close());

  it('every procedure declares the action it needs (or is explicitly public)', () => {
    expect(procedures.length).toBeGreaterThan(20);
    const undeclared = procedures.filter(([path, p]) => !PUBLIC.has(path) && !p._def.meta?.action).map(([path]) => path);
    expect(undeclared).toEqual([]);
  });

  it.each(ROLES)('%s: 403 PERMISSION_DENIED exactly where the table says no', async (role) => {
    const seen: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [path, p] of procedures) {
      const action = p._def.meta?.action;
      if (!action) continue;
      seen[path] = (await verdict(deps, testPrincipal(role), path)) === '403 PERMISSION_DENIED' ? 'denied' : 'allowed';
      expected[path] = roleCan(role, action) ? 'allowed' : 'denied';
    }
    expect(seen).toEqual(expected);
  });

  it('without credentials every non-public procedure is 401 AUTH_REQUIRED', async () => {
    for (const [path] of procedures.filter(([path]) => !PUBLIC.has(path))) {
      expect([path, await verdict(deps, null, path)]).toEqual([path, '401 AUTH_REQUIRED']);
    }
  });

  it('an API key is limited to its scopes and never administers', async () => {
    const scopes: Action[] = ['run.read', 'scan.upload'];
    const key: Principal = { kind: 'key', keyId: 'key_t', workspaceId: 'ws_default', actions: scopes, createdBy: 'u-admin' };
    for (const [path, p] of procedures) {
      const action = p._def.meta?.action;
      if (!action) continue;
      const allowed = scopes.includes(action) && KEY_ACTIONS.includes(action);
      expect([path, (await verdict(deps, key, path)) === '403 PERMISSION_DENIED' ? 'denied' : 'allowed']).toEqual([path, allowed ? 'allowed' : 'denied']);
    }
  });

  // Independent of the permission table: what the issue says each role may do.
  it.each([
    ['clinician', 'runs.start', 'allowed'],
    ['clinician', 'runs.list', 'allowed'],
    ['clinician', 'versions.publish', 'denied'],
    ['clinician', 'versions.rollback', 'denied'],
    ['clinician', 'pipelines.saveDraft', 'denied'],
    ['clinician', 'audit.list', 'denied'],
    ['engineer', 'versions.publish', 'allowed'],
    ['engineer', 'versions.rollback', 'allowed'],
    ['engineer', 'members.add', 'denied'],
    ['engineer', 'keys.create', 'denied'],
    ['engineer', 'audit.list', 'denied'],
    ['admin', 'members.add', 'allowed'],
    ['admin', 'keys.create', 'allowed'],
    ['admin', 'audit.list', 'allowed'],
  ] as const)('%s -> %s: %s', async (role, path, expected) => {
    const v = await verdict(deps, testPrincipal(role), path);
    expect(v === '403 PERMISSION_DENIED' ? 'denied' : 'allowed').toBe(expected);
  });

  it('the verdict cannot be a constant: the three roles differ', () => {
    const allowedCount = (r: (typeof ROLES)[number]) => procedures.filter(([, p]) => p._def.meta?.action && roleCan(r, p._def.meta.action)).length;
    expect(allowedCount('clinician')).toBeLessThan(allowedCount('engineer'));
    expect(allowedCount('engineer')).toBeLessThan(allowedCount('admin'));
  });
});

/**
 * Cross-workspace cases of the matrix (issue 11 §2), through the router as each caller: a model,
 * a browser run and a rate card of workspace B are invisible to, and change nothing in, A.
 */
describe('security: cross-workspace through the router (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let sha = '';
  let versionB = '';
  const B = (role: Role, user?: string) => testPrincipal(role, 'ws_x', user);
  const A = (role: Role) => testPrincipal(role);
  const call = (p: Principal) => createCallerFactory(appRouter)({ ...deps, principal: p });
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e) => mapError(e).client.code);

  beforeAll(async () => {
    deps = await createTestServices();
    await deps.db.insert(workspaces).values({ id: 'ws_x', name: 'X' });
    const engB = { ...deps, principal: B('engineer') };
    sha = (await registerModelBytes(engB, { fileName: TISSUE_CLASSIFIER_FILE, name: 'B only', bytes: buildTissueClassifier() })).sha256;
    const pipelineId = (await createPipeline(engB, { name: 'B seg', graph: segmentationGraph({ sha256: sha }, 'B seg') })).id;
    versionB = (await publishVersion(engB, { pipelineId, bump: 'major' })).id;
  });
  afterAll(async () => deps?.close());

  it.each(ROLES)("%s of A: B's model is not listed, not gettable, missing in A's graphs", async (role) => {
    expect((await call(B(role)).models.list()).map((m) => m.sha256)).toEqual([sha]);
    expect((await call(A(role)).models.list()).map((m) => m.sha256)).not.toContain(sha);
    expect(await codeOf(call(A(role)).models.get({ sha256: sha }))).toBe('NOT_FOUND');
    const { issues } = await call(A(role)).pipelines.validate({ graph: segmentationGraph({ sha256: sha }, 'A seg') });
    expect(issues.map((i) => i.code)).toContain('model-missing');
  });

  it("a browser run of B's clinician is in their Runs list and nowhere in A", async () => {
    const clinician = call(B('clinician', 'u-x-clin'));
    const { nodes } = await call(B('engineer')).versions.get({ id: versionB }).then((v) => v.graph);
    const { runId } = await clinician.runs.recordBrowserRun({
      versionId: versionB, inputSha256: 'ef'.repeat(32), inputName: 'x-private.nii.gz', format: 'nifti', status: 'succeeded',
      nodes: nodes.map((n) => ({ nodeId: n.id, kind: n.kind, ms: 1, status: 'succeeded' as const })), runtime: 'browser-wasm',
    });
    expect((await clinician.runs.list()).map((r) => r.id)).toEqual([runId]);
    for (const role of ROLES) {
      expect(JSON.stringify(await call(A(role)).runs.list())).not.toContain('x-private');
      expect(await codeOf(call(A(role)).runs.get({ id: runId }))).toBe('NOT_FOUND');
      expect(await codeOf(call(A(role)).runs.cancel({ id: runId }))).toBe('NOT_FOUND');
    }
    // Cancel: another clinician does not see the run; its owner and B's engineer do, and are told it has ended.
    expect(await codeOf(call(B('clinician', 'u-x-other')).runs.cancel({ id: runId }))).toBe('NOT_FOUND');
    expect(await codeOf(clinician.runs.cancel({ id: runId }))).toBe('CONFLICT');
    expect(await codeOf(call(B('engineer')).runs.cancel({ id: runId }))).toBe('CONFLICT');
  });

  it("B's admin setting a rate card leaves A's card in force", async () => {
    const before = (await call(A('admin')).costs.rateCard()).current;
    const card = await call(B('admin')).costs.setRateCard({ rates: { cpuSecond: 999, gbSecond: 999, gbMonth: 999, gbDownloaded: 999 } });
    expect((await call(B('engineer')).costs.rateCard()).current.id).toBe(card.id);
    expect((await call(A('engineer')).costs.rateCard()).current).toEqual(before);
  });
});
