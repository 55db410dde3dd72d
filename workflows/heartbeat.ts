import type { RunLease } from './contract';

/**
 * Keeps `runId`'s lease while this process works on it: renews every third of the lease. A
 * renewal that fails (database down) is retried at the next tick; once the lease could not be
 * renewed for a whole lease period, or a renewal finds the run taken (swept), `onLost` is
 * called once and the process must stop working on the run (its writes are refused anyway).
 * Returns stop(). `now` is injectable for tests.
 */
export function holdLease(lease: RunLease, runId: string, onLost: (why: string) => void, now: () => number = Date.now): () => void {
  const leaseMs = lease.seconds * 1000;
  let heldUntil = now() + leaseMs;
  let inFlight = false;
  let stopped = false;
  let lastError = '';
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const lost = (why: string) => {
    if (stopped) return;
    stop();
    onLost(why);
  };
  const tick = () => {
    if (stopped) return;
    // Checked even while a renewal hangs (an unreachable database may not answer for minutes).
    if (now() >= heldUntil) return lost(`the lease could not be renewed for ${lease.seconds} s${lastError ? ` (${lastError})` : ''}`);
    if (inFlight) return;
    inFlight = true;
    const asked = now();
    lease
      .renew(runId)
      .then(
        (held) => {
          if (held) heldUntil = asked + leaseMs;
          else lost('another process interrupted the run (its lease had expired)');
        },
        (e: unknown) => {
          lastError = e instanceof Error ? e.message : String(e);
        },
      )
      .finally(() => (inFlight = false));
  };
  const timer = setInterval(tick, leaseMs / 3);
  timer.unref?.();
  tick();
  return stop;
}
