// `npm run bench -- --only=throughput`: in one run, side by side, on a real PostgreSQL and a
// Temporal dev server (loopback), one data directory shared by every worker process:
// - the blob store's raw write/read bandwidth;
// - Temporal's per-node overhead over the in-process executor and its value transfer speed;
// - queued studies (demo, and the 64^3 brain crop with the corpus) through 1 and 2 worker
//   processes at 1 ORT thread each (`--ort-threads=2`: 2 each; `--ort-threads=both`: both);
// - 100 runs queued at once: none lost, none charged twice, all terminal.
import os from 'node:os';
import { createServerRuntime } from '../runtimes/server';
import { setCalibrationSource } from '../server/cost/service';
import { burst, queueBench } from './throughput-queue';
import { ground, type Ground } from './throughput-setup';
import { blobBandwidth, temporalOverhead } from './temporal-overhead';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
/** Studies per configuration: demo, brain crop (~6 min in all on 2 cores with the defaults). */
const COUNTS = [Number(arg('demo-studies') ?? 12), Number(arg('brain-studies') ?? 4)];
const BURST = Number(arg('burst') ?? 100);
/** `--store=s3`: the blob store is a SeaweedFS bucket (workers on separate data directories) instead of one shared local directory. */
const STORE = arg('store') === 's3' ? 's3' : 'local';
/** Node activities per worker process: 1 (default) so one worker is one run at a time; the workers' own default is 2. */
const SLOTS = Number(arg('slots') ?? 1);

type Section = Record<string, unknown>;
const ratio = (a: Section, b: Section, name: string) => {
  const x = (a[name] as { studiesPerHour: number } | undefined)?.studiesPerHour;
  const y = (b[name] as { studiesPerHour: number } | undefined)?.studiesPerHour;
  return x && y ? Math.round((y / x) * 100) / 100 : null;
};

/** Fixed prices: the benches measure time, not the calibration (cost.ts measures that). */
function fixedPrices() {
  setCalibrationSource(async () => ({ ortCpuSecondsPerGflop: 0.01, ortCpuSecondsPerGB: 0.1, ortCallCpuSeconds: 0.001, ortWallPerCpu: 1, jsCpuSecondsPerGB: 1, inflateCpuSecondsPerGB: 1, deflateCpuSecondsPerGB: 5, deflateRatio: 0.1, baselineRssBytes: 100e6, measuredAt: new Date().toISOString(), host: 'bench' }));
}

const load = () => Math.round(os.loadavg()[0] * 10) / 10;

/** A bench on a fresh ground (bench/throughput-setup.ts), with the machine's state around it. */
async function withGround<T extends object>(fn: (g: Ground) => Promise<T>) {
  fixedPrices();
  // other processes on the machine share its cores: the 1-minute load average before and after
  const before = load();
  const g = await ground({ store: STORE });
  try {
    const result = await fn(g);
    return { store: g.store, cores: os.availableParallelism(), loadAverage: { before, after: load() }, ...result };
  } finally {
    await g.close();
  }
}

/** The store's raw bandwidth, then Temporal's per-node overhead over the in-process executor (`runs` a side). */
async function overheadOn(g: Ground, runs: number, log: (...a: unknown[]) => void) {
  const inference = createServerRuntime({ size: 1, intraOpNumThreads: 1 });
  try {
    log('blob store bandwidth');
    const blobStore = await blobBandwidth(g.blobs);
    log('Temporal vs in-process overhead');
    return { blobStore, temporalOverhead: await temporalOverhead({ svc: g.svc, blobs: g.blobs, server: g.server, inference, p: g.cases[0].p, store: blobStore, runs }) };
  } finally {
    await inference.dispose();
  }
}

/** `npm run bench -- --only=overhead`: only the store bandwidth and Temporal's per-node overhead (`--runs=N`, default 15). */
export const overheadBench = (log: (...a: unknown[]) => void) => withGround((g) => overheadOn(g, Number(arg('runs') ?? 15), log));

export async function throughputBench(log: (...a: unknown[]) => void) {
  return withGround(async (g) => {
    const overhead = await overheadOn(g, 5, log);
    const threads = arg('ort-threads') === 'both' ? [1, 2] : [Number(arg('ort-threads') ?? 1)];
    const configs: Record<string, Section> = {};
    const speedup: Record<string, unknown> = {};
    for (const t of threads) {
      const one = await queueBench(g, { workers: 1, ortThreads: t, slots: SLOTS, counts: COUNTS, log });
      const two = await queueBench(g, { workers: 2, ortThreads: t, slots: SLOTS, counts: COUNTS, log });
      configs[`ortThreads${t}`] = { worker1: one, workers2: two };
      speedup[`ortThreads${t}`] = Object.fromEntries(g.cases.map((c) => [c.name, ratio(one, two, c.name)]));
    }
    log(`throughput: ${BURST} runs queued at once`);
    const b = BURST > 0 ? await burst(g, { n: BURST, workers: 2, timeoutMs: 600_000 }) : undefined;
    return {
      corpus: g.cases.length > 1,
      activitySlotsPerWorker: SLOTS,
      ...overhead,
      queued: configs,
      twoWorkersOverOne: speedup,
      goal: { twoWorkersOverOne: 1.8 },
      burst: b && { ...b, allTerminal: b.terminal === b.queued, noneLost: b.runRows === b.queued && b.succeeded === b.queued, noneChargedTwice: b.runsWithWrongLedger === 0 },
    };
  });
}
