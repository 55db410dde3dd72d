import { readFileSync } from 'node:fs';
import { api } from 'dicomweb-client';
// @ts-expect-error xhr2 (an XMLHttpRequest for Node, which dicomweb-client needs) ships no types
import XHR from 'xhr2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS, textOf, type DicomJson } from '../../domain/dicom/json';
import { parseDicom } from '../../runtimes/imaging/dicom/parse';
import { echoscu, storescu } from '../../test/dcmtk-net';
import { serveDicomweb, type DicomwebServer } from '../../test/dicomweb-server';
import { publish, readExample, withParams } from '../../test/material';
import { corpusPath, needAll, needFiles, needs, needTools } from '../../test/needs';
import { freePort, orthancMissing, startOrthanc, type OrthancServer } from '../../test/orthanc';
import { routeProcess, type RouteProcess } from '../../test/route-process';
import type { ServiceDeps } from '../context';

/**
 * The hospital chain through the studio process's own wiring, in real time: DCMTK's storescu
 * pushes a CT series to the studio's DICOM port -> the series is quiet for the rule's period ->
 * the routing worker matches it, starts the CT pipeline in-process -> the run's SEG is indexed
 * in the CT's study and delivered by C-STORE to a private Orthanc -> a DICOMweb client (the npm
 * dicomweb-client OHIF uses) finds the CT and its SEG in one study on the studio by QIDO-RS and
 * retrieves the SEG by WADO-RS. Waits are polls of the outcome with a deadline, never sleeps.
 */
const CT = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'].map((f) => corpusPath('dicom/ct_series_seg', f));
const ORTHANC = orthancMissing();
const need = needAll(needFiles(...CT), needTools('storescu', 'echoscu'));
const ORTHANC_OK = needs(ORTHANC ?? '', !ORTHANC);
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

type Client = {
  searchForSeries(o?: Record<string, unknown>): Promise<DicomJson[]>;
  retrieveInstance(o: Record<string, unknown>): Promise<ArrayBuffer>;
};

/** Polls `probe` until it returns a value (bounded by `ms`); the last error or undefined fails the test. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const TITLE = 'hospital chain: storescu -> rule -> pipeline -> SEG to Orthanc by C-STORE, found by QIDO/WADO';
describe.runIf(need.ok && ORTHANC_OK)(ORTHANC_OK ? need.title(TITLE) : `${TITLE} (skipped: ${ORTHANC} missing)`, () => {
  let proc: RouteProcess;
  let orthanc: OrthancServer;
  let server: DicomwebServer;
  let deps: ServiceDeps;
  let client: Client;
  let dicomPort: number;
  const stops: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = XHR;
    orthanc = await startOrthanc();
    dicomPort = await freePort();
    proc = await routeProcess('chain', { STUDIO_DICOM_PORT: String(dicomPort), STUDIO_DICOM_AE_WORKSPACES: 'MODALITY=ws_default', STUDIO_ROUTING_INTERVAL_SECONDS: '1' });
    const { getDb } = await import('../db');
    const { processServices } = await import('../process');
    const { migrate } = await import('../../drizzle/client');
    await migrate(await getDb());
    deps = await processServices();
    const { startDicomService, stopDicomService } = await import('../dimse/service');
    const { startRoutingWorker, stopRoutingWorker } = await import('./scheduler');
    await startDicomService(deps);
    stops.push(() => stopDicomService(0));
    startRoutingWorker(deps, { intervalMs: 500, sendTimeoutMs: 60_000 });
    stops.push(stopRoutingWorker);
    server = await serveDicomweb();
    const { createApiKey } = await import('../keys/service');
    const key = await createApiKey({ db: deps.db }, { workspaceId: 'ws_default', name: 'viewer', actions: ['scan.read'], createdBy: 'test' });
    client = new api.DICOMwebClient({ url: server.root, headers: { 'x-api-key': key.secret } } as never) as unknown as Client;

    const { createRule } = await import('./rules');
    const { testPrincipal } = await import('../test-fixtures');
    const { getVersion } = await import('../versions/repo');
    const bone = await publish(deps, withParams(await readExample('ct-bone-threshold.json'), { threshold: { threshold: 100 } }), '');
    const pipelineId = (await getVersion(deps.db, bone.versionId))!.pipelineId;
    await createRule({ ...deps, principal: testPrincipal('engineer') }, {
      name: 'CT -> bone -> Orthanc',
      spec: { when: { type: 'modality', anyOf: ['CT'] }, quietSeconds: 1, pipeline: { pipelineId }, destinations: [{ kind: 'dimse', aeTitle: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort }] },
    });
  }, 180_000);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await server?.close();
    await proc?.close();
    await orthanc?.stop();
  });

  it('a CT series pushed by storescu comes back as a SEG in Orthanc and in its own study on the studio', async () => {
    const peer = { port: dicomPort, aet: 'STUDIO' };
    expect((await echoscu(peer, 'MODALITY')).output).toContain('Success');
    const sent = await storescu(peer, CT, { callingAet: 'MODALITY' });
    expect(sent.responses, sent.output).toEqual(CT.map(() => 'Success'));
    const ct = parseDicom(new Uint8Array(readFileSync(CT[0])), 'ct');
    const [study, series] = [ct.string('x0020000d')!, ct.string('x0020000e')!];

    // Orthanc receives the SEG by C-STORE, filed under the CT's study, referencing the CT series.
    type OrthancInstance = { ID: string; MainDicomTags: { SOPInstanceUID: string } };
    const segId = await until('the SEG in Orthanc', async () => {
      const list = (await (await fetch(`${orthanc.url}/instances?expand`)).json()) as OrthancInstance[];
      return list[0]?.ID;
    });
    const tags = (await (await fetch(`${orthanc.url}/instances/${segId}/tags?simplify`)).json()) as Record<string, unknown>;
    expect(tags.SOPClassUID).toBe(SEG_CLASS);
    expect(tags.StudyInstanceUID).toBe(study);
    expect(JSON.stringify(tags.ReferencedSeriesSequence)).toContain(series);

    // The studio lists the CT series and the SEG series in one study, and serves the SEG bytes.
    const found = await client.searchForSeries({ studyInstanceUID: study });
    expect(found.map((s) => textOf(s, TAGS.Modality)).sort()).toEqual(['CT', 'SEG']);
    const segSeries = found.find((s) => textOf(s, TAGS.Modality) === 'SEG')!;
    const sop = String((tags as { SOPInstanceUID: string }).SOPInstanceUID);
    const bytes = new Uint8Array(await client.retrieveInstance({ studyInstanceUID: study, seriesInstanceUID: textOf(segSeries, TAGS.SeriesInstanceUID), sopInstanceUID: sop }));
    const seg = parseDicom(bytes, 'seg');
    expect([seg.string('x00080016'), seg.string('x00080018'), seg.string('x0020000d')]).toEqual([SEG_CLASS, sop, study]);

    // One match, one run, one delivery, sent on its first attempt.
    const { routingDeliveries, routingMatches, runs } = await import('../../drizzle/schema');
    expect((await deps.db.select().from(routingMatches)).map((m) => m.state)).toEqual(['succeeded']);
    expect(await deps.db.select().from(runs)).toHaveLength(1);
    expect((await deps.db.select().from(routingDeliveries)).map((d) => [d.state, d.attempts])).toEqual([['sent', 1]]);
  }, 240_000);
});
