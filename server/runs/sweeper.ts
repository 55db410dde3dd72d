import type { Db } from '../../drizzle/client';
import { sweepExpiredRuns } from './lease';

/**
 * The process's run sweeper: once at start, then every half lease, fails the runs whose owner
 * stopped heartbeating (lease.ts). Any number of processes may sweep: each run is failed once.
 * A failed sweep (database down) is logged and retried at the next tick.
 */
type Running = { timer: NodeJS.Timeout; first: Promise<void> };
const g = globalThis as { __studioRunSweeper?: Running };

export function startRunSweeper(db: Db, leaseSeconds: number): Promise<void> {
  if (g.__studioRunSweeper) return g.__studioRunSweeper.first;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const swept = await sweepExpiredRuns(db);
      if (swept.length) console.error(`[studio] ${swept.length} interrupted run(s) failed with INTERRUPTED: ${swept.join(', ')}`);
    } catch (e) {
      console.error('[studio] run sweep failed (retrying at the next tick):', e instanceof Error ? e.message : e);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), Math.max(1, leaseSeconds / 2) * 1000);
  timer.unref();
  const first = tick();
  g.__studioRunSweeper = { timer, first };
  return first;
}

export function stopRunSweeper(): void {
  clearInterval(g.__studioRunSweeper?.timer);
  g.__studioRunSweeper = undefined;
}
