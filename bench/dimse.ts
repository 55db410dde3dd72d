// `npm run bench -- --only=dimse`: a 500-instance CT study pushed with DCMTK's storescu (one
// association) to the studio's DICOM listener and to a private Orthanc, in the same run, on this
// machine: instances per second of each and their ratio. The studio stores each instance through
// its real path (staged blob, header read, index row and audit event in one transaction) on a
// private embedded database (PGlite, the default deployment) and blob store.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDb, createDb, migrate } from '../drizzle/client';
import { BlobStore } from '../server/blobs/store';
import { ingestHandler } from '../server/dimse/ingest-handler';
import { startDicomListener } from '../server/dimse/listener';
import { runTool, storescu, type Peer } from '../test/dcmtk-net';
import { orthancMissing, startOrthanc } from '../test/orthanc';

const INSTANCES = 500;
const SLICES = ['ct_01.dcm', 'ct_02.dcm', 'ct_03.dcm'];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const newUid = () => `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;

/** 500 copies of the corpus's liver CT slices as one new study and series, each with its own SOP instance UID. */
async function makeStudy(corpusDir: string, dir: string): Promise<string[]> {
  const files = Array.from({ length: INSTANCES }, (_, i) => {
    const f = path.join(dir, `ct_${String(i).padStart(3, '0')}.dcm`);
    copyFileSync(path.join(corpusDir, 'dicom/ct_series_seg', SLICES[i % SLICES.length]), f);
    return f;
  });
  const r = await runTool('dcmodify', ['-nb', '-gin', '-m', `(0020,000d)=${newUid()}`, '-m', `(0020,000e)=${newUid()}`, '-m', '(0008,103e)=bench 500', ...files], 300_000);
  if (r.status !== 0) throw new Error(`dcmodify failed: ${r.output.slice(0, 500)}`);
  return files;
}

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
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-dimse-'));
  const db = await createDb(undefined, { pgliteDir: path.join(dir, 'db') });
  let stop: (() => Promise<void>)[] = [];
  try {
    await migrate(db);
    log(`dimse: making a ${INSTANCES}-instance CT study`);
    const files = await makeStudy(corpusDir, mkdtempSync(path.join(dir, 'study-')));
    const blobs = new BlobStore(path.join(dir, 'data'));
    const listener = await startDicomListener({
      host: '127.0.0.1',
      port: 0,
      aeTitle: 'STUDIO',
      aeWorkspaces: undefined,
      defaultWorkspaceId: 'ws_default',
      blobs,
      handler: ingestHandler({ db, blobs }),
      maxAssociations: 4,
      maxInstanceBytes: 64 << 20,
      log: () => {},
    });
    const orthanc = await startOrthanc({ aet: 'ORTHANC' });
    stop = [() => listener.close(0), () => orthanc.stop()];
    const studioPeer = { port: listener.port, aet: 'STUDIO' };
    const orthancPeer = { port: orthanc.dicomPort, aet: 'ORTHANC' };
    // A few instances first to each (connections, code paths, Orthanc's index): not timed.
    await push(studioPeer, files.slice(0, 3));
    await push(orthancPeer, files.slice(0, 3));
    log('dimse: pushing to the studio');
    const studio = await push(studioPeer, files);
    log(`dimse: studio ${studio.instancesPerSecond}/s; pushing to Orthanc`);
    const pacs = await push(orthancPeer, files);
    log(`dimse: Orthanc ${pacs.instancesPerSecond}/s`);
    return {
      instances: INSTANCES,
      instanceBytes: statSync(files[0]).size,
      sender: 'storescu (DCMTK), one association, explicit VR little endian',
      studio: { ...studio, database: 'PGlite (embedded default)' },
      orthanc: pacs,
      studioVsOrthanc: round(studio.instancesPerSecond / pacs.instancesPerSecond, 2),
    };
  } finally {
    for (const s of stop) await s().catch(() => {});
    await closeDb(db).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
