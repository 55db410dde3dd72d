// `npm run bench -- --only=dimse`: issue 14's "Load, speed" line. A 500-instance CT series (its
// own positions and instance numbers, bench/dimse-series.ts) pushed with DCMTK's storescu (one
// association) to a private Orthanc and to the studio's DICOM listener, on this machine:
// instances per second of each and their ratio. The studio stores each instance through its
// real path (staged blob, header read, index row and audit event in one transaction) on a private
// embedded database (PGlite, the default deployment) and blob store; then its routing worker
// matches the series (CT, 1 s quiet), runs the CT bone pipeline in-process and delivers the SEG to
// Orthanc by C-STORE (bench/dimse-route.ts): time from the last instance to the run's start
// (quiet period excluded), the run's length and the delivery's, with the SEG checked in Orthanc.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDb, createDb, migrate } from '../drizzle/client';
import { LocalBlobStore } from '../server/blobs/local-store';
import { ingestHandler } from '../server/dimse/ingest-handler';
import { startDicomListener } from '../server/dimse/listener';
import { env } from '../server/env';
import { storescu, type Peer } from '../test/dcmtk-net';
import { orthancMissing, startOrthanc } from '../test/orthanc';
import { followSeries, prepareRouting } from './dimse-route';
import { makeSeries, SLICE_SPACING_MM } from './dimse-series';

const INSTANCES = 500;
/** Rows x columns of the corpus slices: the series' voxels, against STUDIO_MAX_VOXELS. */
const SLICE_VOXELS = 512 * 512;
/** From the last instance received to the SEG in Orthanc, at most. */
const ROUTE_TIMEOUT_MS = 10 * 60_000;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** storescu of every file in one association; seconds of wall time, and whether each answer was Success. */
async function push(peer: Peer, files: string[]) {
  const t0 = performance.now();
  const r = await storescu(peer, files, { callingAet: 'BENCH', args: ['-xe'] });
  const seconds = (performance.now() - t0) / 1000;
  const ok = r.responses.filter((x) => x === 'Success').length;
  if (ok !== files.length) throw new Error(`${ok}/${files.length} stored: ${r.output.slice(-500)}`);
  return { seconds: round(seconds, 2), instancesPerSecond: round(files.length / seconds) };
}

export async function dimseBench(corpusDir: string, log: (...a: unknown[]) => void) {
  const missing = orthancMissing();
  if (missing) throw Object.assign(new Error(`${missing} missing`), { code: 'BENCH_TOOLS_MISSING' });
  // A 500-slice 512x512 CT is 131M voxels: over the default scan limit (100M), which would refuse
  // the routed run; the bench raises the limit for its own process, and says so.
  const maxVoxels = { default: env.STUDIO_MAX_VOXELS, used: Math.max(env.STUDIO_MAX_VOXELS, INSTANCES * SLICE_VOXELS) };
  env.STUDIO_MAX_VOXELS = maxVoxels.used;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-dimse-'));
  const db = await createDb(undefined, { pgliteDir: path.join(dir, 'db') });
  let stop: (() => Promise<void>)[] = [];
  try {
    await migrate(db);
    log(`dimse: making a ${INSTANCES}-instance CT series`);
    const studyDir = path.join(dir, 'study');
    mkdirSync(studyDir);
    const t0 = performance.now();
    const series = await makeSeries(corpusDir, studyDir, INSTANCES);
    log(`dimse: series written in ${round((performance.now() - t0) / 1000)} s`);
    const files = series.files;
    const blobs = new LocalBlobStore(path.join(dir, 'data'));
    const deps = { db, blobs };
    const listener = await startDicomListener({
      host: '127.0.0.1',
      port: 0,
      aeTitle: 'STUDIO',
      aeWorkspaces: undefined,
      defaultWorkspaceId: 'ws_default',
      blobs,
      handler: ingestHandler(deps),
      maxAssociations: 4,
      maxInstanceBytes: 64 << 20,
      log: () => {},
    });
    const orthanc = await startOrthanc({ aet: 'ORTHANC' });
    const routing = await prepareRouting(deps, orthanc);
    stop = [() => routing.stop(), () => listener.close(0), () => orthanc.stop()];
    const studioPeer = { port: listener.port, aet: 'STUDIO' };
    const orthancPeer = { port: orthanc.dicomPort, aet: 'ORTHANC' };
    // A few instances first to each (connections, code paths, Orthanc's index): not timed. The
    // routing worker starts after the timed push, within the rule's quiet period.
    await push(studioPeer, files.slice(0, 3));
    await push(orthancPeer, files.slice(0, 3));
    log('dimse: pushing to Orthanc');
    const pacs = await push(orthancPeer, files);
    log(`dimse: Orthanc ${pacs.instancesPerSecond}/s; pushing to the studio`);
    const studio = await push(studioPeer, files);
    routing.start();
    log(`dimse: studio ${studio.instancesPerSecond}/s; routing the series (CT bone pipeline, SEG to Orthanc)`);
    const route = await followSeries(deps, orthanc, series, ROUTE_TIMEOUT_MS);
    if (route.seriesInstancesIndexed !== INSTANCES) throw new Error(`dimse bench: the studio indexed ${route.seriesInstancesIndexed}/${INSTANCES} instances`);
    log(`dimse: run ${route.runSeconds} s, SEG sent ${route.segDeliveredSeconds} s after`);
    return {
      instances: INSTANCES,
      instanceBytes: statSync(files[0]).size,
      series: { slices: INSTANCES, rows: 512, columns: 512, sliceSpacingMm: SLICE_SPACING_MM, pixelData: 'the corpus liver CT slices ct_01..03 repeated' },
      sender: 'storescu (DCMTK), one association, explicit VR little endian',
      studio: { ...studio, database: 'PGlite (embedded default)' },
      orthanc: pacs,
      studioVsOrthanc: round(studio.instancesPerSecond / pacs.instancesPerSecond, 2),
      routing: { rule: 'modality CT, quiet 1 s -> ct-bone-threshold (threshold 100 HU) -> C-STORE to Orthanc', worker: 'startRoutingWorker, 250 ms, embedded executor', maxVoxels, ...route },
    };
  } finally {
    for (const s of stop) await s().catch(() => {});
    await closeDb(db).catch(() => {});
    env.STUDIO_MAX_VOXELS = maxVoxels.default;
    rmSync(dir, { recursive: true, force: true });
  }
}
