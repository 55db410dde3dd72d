// The routing half of the dimse bench: the CT bone pipeline published, a rule (CT, 1 s quiet,
// C-STORE to Orthanc), the routing worker with an embedded executor; then the received series is
// followed to its SEG in Orthanc, every wait bounded, and its timings read from the database.
import { eq } from 'drizzle-orm';
import { dicomSeries, routingDeliveries, routingMatches, runs } from '../drizzle/schema';
import { createRunDepsFor } from '../server/runs/deps';
import type { ServiceDeps } from '../server/context';
import { createRule } from '../server/routing/rules';
import { startRoutingWorker, stopRoutingWorker } from '../server/routing/scheduler';
import { testPrincipal } from '../server/test-fixtures';
import { getVersion } from '../server/versions/repo';
import { publish, readExample, withParams } from '../test/material';
import type { OrthancServer } from '../test/orthanc';
import { createEmbeddedExecutor } from '../workflows/embedded';

export const QUIET_SECONDS = 1;
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const WORKER_MS = 250;
const POLL_MS = 250;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const seconds = (from: Date, to: Date) => round((to.getTime() - from.getTime()) / 1000);

/** Polls `probe` until it returns a value; a thrown error ends the wait at once (a terminal state). */
async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`dimse bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Publishes the pipeline and the rule; the returned `start` runs the worker, `stop` ends it and the ORT pool. */
export async function prepareRouting(base: ServiceDeps, orthanc: OrthancServer) {
  const runDeps = createRunDepsFor(base.db, base.blobs);
  const executor = createEmbeddedExecutor(runDeps);
  const deps: ServiceDeps = { ...base, executor: async () => executor };
  const bone = await publish(deps, withParams(await readExample('ct-bone-threshold.json'), { threshold: { threshold: 100 } }), '');
  const pipelineId = (await getVersion(deps.db, bone.versionId))!.pipelineId;
  await createRule({ ...deps, principal: testPrincipal('engineer') }, {
    name: 'bench: CT -> bone -> Orthanc',
    spec: { when: { type: 'modality', anyOf: ['CT'] }, quietSeconds: QUIET_SECONDS, pipeline: { pipelineId }, destinations: [{ kind: 'dimse', aeTitle: orthanc.aet, host: '127.0.0.1', port: orthanc.dicomPort }] },
  });
  return {
    start: () => startRoutingWorker(deps, { intervalMs: WORKER_MS, sendTimeoutMs: 60_000 }),
    stop: async () => {
      stopRoutingWorker();
      await runDeps.inference.dispose();
    },
    executor,
  };
}

/** Follows the series to a sent SEG in Orthanc (or throws naming the step), then reads the timings. */
export async function followSeries(deps: ServiceDeps, orthanc: OrthancServer, series: { studyUid: string; seriesUid: string }, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const match = await until('the rule to match the series', deadline, async () => {
    const [m] = await deps.db.select().from(routingMatches).where(eq(routingMatches.seriesUid, series.seriesUid));
    if (m && (m.state === 'refused' || m.state === 'cancelled')) throw new Error(`dimse bench: the match was ${m.state}: ${m.reason}`);
    return m?.runId ? m : undefined;
  });
  const run = await until('the run to end', deadline, async () => {
    const [r] = await deps.db.select().from(runs).where(eq(runs.id, match.runId!));
    if (r.status === 'failed' || r.status === 'cancelled') throw new Error(`dimse bench: the run ${r.status}: ${JSON.stringify(r.error)}`);
    return r.status === 'succeeded' ? r : undefined;
  });
  const delivery = await until('the SEG delivery', deadline, async () => {
    const ds = await deps.db.select().from(routingDeliveries).where(eq(routingDeliveries.matchId, match.id));
    const dead = ds.find((d) => d.state === 'dead');
    if (dead) throw new Error(`dimse bench: the delivery is dead: ${dead.lastError}`);
    return ds.length && ds.every((d) => d.state === 'sent') ? ds : undefined;
  });
  // Orthanc holds the SEG in the CT's study (its REST API: the instance's own tags).
  const study = await orthancStudy(orthanc, series.studyUid);
  const segs = await until('the SEG in Orthanc', deadline, async () => {
    const list = (await (await fetch(`${orthanc.url}/studies/${study}/series?expand`)).json()) as { MainDicomTags: { Modality?: string }; Instances: string[] }[];
    const ids = list.filter((x) => x.MainDicomTags.Modality === 'SEG').flatMap((x) => x.Instances);
    const tags = await Promise.all(ids.map(async (id) => (await (await fetch(`${orthanc.url}/instances/${id}/simplified-tags`)).json()) as Record<string, string>));
    const found = tags.filter((t) => t.SOPClassUID === SEG_CLASS && t.StudyInstanceUID === series.studyUid);
    return found.length ? found : undefined;
  });
  const [s] = await deps.db.select().from(dicomSeries).where(eq(dicomSeries.seriesUid, series.seriesUid));
  const sentAt = new Date(Math.max(...delivery.map((d) => d.sentAt!.getTime())));
  return {
    seriesInstancesIndexed: s.instances,
    quietSeconds: QUIET_SECONDS,
    lastInstanceToMatchSeconds: round(seconds(s.lastReceivedAt, match.createdAt) - QUIET_SECONDS),
    lastInstanceToRunStartSeconds: round(seconds(s.lastReceivedAt, run.createdAt) - QUIET_SECONDS),
    lastInstanceToRunStartedSeconds: round(seconds(s.lastReceivedAt, run.startedAt!) - QUIET_SECONDS),
    runSeconds: seconds(run.startedAt!, run.finishedAt!),
    segDeliveredSeconds: seconds(run.finishedAt!, sentAt),
    deliveries: delivery.map((d) => ({ artifact: d.artifactName, state: d.state, attempts: d.attempts })),
    orthancSeg: segs.map((t) => ({ sopInstanceUid: t.SOPInstanceUID, studyInstanceUid: t.StudyInstanceUID })),
  };
}

/** Orthanc's id of a study by its StudyInstanceUID (POST /tools/lookup). */
async function orthancStudy(orthanc: OrthancServer, studyUid: string): Promise<string> {
  const hits = (await (await fetch(`${orthanc.url}/tools/lookup`, { method: 'POST', body: studyUid })).json()) as { Type: string; ID: string }[];
  const study = hits.find((h) => h.Type === 'Study');
  if (!study) throw new Error(`dimse bench: study ${studyUid} is not in Orthanc`);
  return study.ID;
}
