import type { ServiceDeps } from '../context';
import { attemptDelivery, claimDeliveries, type DeliveryDeps } from './deliveries';
import { evaluateDueSeries } from './evaluate';
import { settleFinishedRuns } from './settle';
import { startPendingMatches } from './start';

/**
 * One pass of routing at `now`: completed series are evaluated against the enabled rules (a
 * match is recorded once per rule and series), pending matches get their scan and run (or are
 * refused with the reason), matches whose run ended take its state and queue the run's DICOM
 * outputs for delivery. Every step is safe to run in several processes at once and to repeat
 * after a crash: the database (unique rows, SKIP LOCKED claims) decides who does what.
 */
export async function tick(deps: ServiceDeps, now: Date = new Date()) {
  const matched = await evaluateDueSeries(deps, now);
  const started = await startPendingMatches(deps, now);
  const { settled, queued } = await settleFinishedRuns(deps);
  return { matched, started, settled, queued };
}

type Running = { timer: NodeJS.Timeout };
const g = globalThis as { __studioRouting?: Running };

/**
 * The process's routing worker: a tick, then due deliveries sent without waiting for them. A
 * destination with an attempt in flight here is not claimed again until it ends (per
 * destination at most one claim of a few deliveries at a time), so a slow or dead receiver holds
 * neither the timer nor the other queues. Bounded: one pass at a time, each batch limited.
 */
export function startRoutingWorker(deps: ServiceDeps, opts: { intervalMs: number; sendTimeoutMs: number }): void {
  if (g.__studioRouting) return;
  const delivery: DeliveryDeps = { db: deps.db, blobs: deps.blobs, timeoutMs: opts.sendTimeoutMs };
  const inFlight = new Map<string, number>();
  const release = (key: string) => {
    const n = (inFlight.get(key) ?? 1) - 1;
    if (n > 0) inFlight.set(key, n);
    else inFlight.delete(key);
  };
  let busy = false;
  const pass = async () => {
    if (busy) return;
    busy = true;
    try {
      await tick(deps, new Date());
      for (const d of await claimDeliveries(delivery, new Date(), [...inFlight.keys()])) {
        inFlight.set(d.destinationKey, (inFlight.get(d.destinationKey) ?? 0) + 1);
        void attemptDelivery(delivery, d)
          .catch((e) => console.error(`[studio] routing: delivery ${d.id} could not be recorded (retried when its lease ends):`, e instanceof Error ? e.message : e))
          .finally(() => release(d.destinationKey));
      }
    } catch (e) {
      console.error('[studio] routing pass failed (retrying at the next tick):', e instanceof Error ? e.message : e);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void pass(), opts.intervalMs);
  timer.unref();
  g.__studioRouting = { timer };
}

export function stopRoutingWorker(): void {
  clearInterval(g.__studioRouting?.timer);
  g.__studioRouting = undefined;
}
