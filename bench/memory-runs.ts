// The studio process's memory across consecutive runs (`npm run bench -- --only=memory`):
// embedded executor on the embedded PGlite, as `npm run dev` runs them. After every run a full
// GC, then RSS and heap are sampled; each run's peak RSS above the RSS before it is compared
// with its estimated peak of live values (domain/cost/peak-memory.ts: the largest values held at
// once). Growth is judged on the second half of the runs (the first fill caches and sessions).
import { eq } from 'drizzle-orm';
import { runNodes, runs } from '../drizzle/schema';
import { startRun } from '../server/runs/service';
import { fullGc } from '../test/gc';
import { withEmbeddedStudio } from './embedded-studio';

const MiB = 1024 * 1024;
const mib = (b: number) => Math.round(b / MiB);

export async function memoryRuns(log: (...a: unknown[]) => void, n = 50) {
  const gc = fullGc();
  return withEmbeddedStudio('studio-memory-bench-', async ({ db, deps, executor, demo: p }) => {
    gc();
    const floor = process.memoryUsage.rss(); // the process before any run: code, PGlite, blobs read
    const samples: { rss: number; heap: number; external: number }[] = [];
    const overFloor: number[] = [];
    const ratios: number[] = [];
    let estimatePeak = 0;
    for (let i = 0; i < n; i++) {
      const before = process.memoryUsage.rss();
      const { runId } = await startRun(deps, { versionId: p.versionId, scanId: p.scanId });
      const res = await executor.wait(runId);
      if (res.status !== 'succeeded') throw new Error(`memory run ${i}: ${res.status} ${res.error?.message}`);
      const [row] = await db.select({ estimate: runs.estimate }).from(runs).where(eq(runs.id, runId));
      const nodes = await db.select({ peak: runNodes.peakRssBytes }).from(runNodes).where(eq(runNodes.runId, runId));
      estimatePeak = row.estimate?.peakMemory.peakBytes ?? 0;
      const peak = Math.max(...nodes.map((x) => x.peak ?? 0));
      if (estimatePeak) {
        ratios.push((peak - before) / estimatePeak);
        overFloor.push((peak - floor) / estimatePeak);
      }
      gc();
      const m = process.memoryUsage();
      samples.push({ rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers });
      if ((i + 1) % 10 === 0) log(`memory: run ${i + 1}/${n}: rss ${mib(m.rss)} MiB, heap after gc ${mib(m.heapUsed)} MiB`);
    }
    const half = samples.slice(n >> 1);
    const slope = (k: 'rss' | 'heap' | 'external') => (half[half.length - 1][k] - half[0][k]) / MiB / (half.length - 1);
    const at = (i: number) => ({ rssMiB: mib(samples[i].rss), heapAfterGcMiB: mib(samples[i].heap), externalMiB: mib(samples[i].external) });
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { median: Math.round(sorted[sorted.length >> 1] * 100) / 100, max: Math.round(sorted[sorted.length - 1] * 100) / 100 };
    };
    return {
      pipeline: p.graph.name,
      runs: n,
      after: { run1: at(0), run10: at(Math.min(9, n - 1)), [`run${n}`]: at(n - 1) },
      growthSecondHalfMiBPerRun: { rss: Math.round(slope('rss') * 10) / 10, heapAfterGc: Math.round(slope('heap') * 100) / 100, external: Math.round(slope('external') * 100) / 100 },
      estimatedLiveValuesPeakMiB: mib(estimatePeak),
      processFloorRssMiB: mib(floor),
      // peak RSS of each run above the RSS just before it, and above the floor, over its largest live values
      runPeakRssAboveStartOverLiveValues: stats(ratios),
      runPeakRssAboveFloorOverLiveValues: stats(overFloor),
      goals: { growth: 'none', runPeakRssAboveFloorOverLiveValues: 1.5 },
    };
  });
}
