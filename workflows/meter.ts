/** What one node used (priced by the server's ledger). */
export interface NodeUsage {
  cpuMs: number;
  wallMs: number;
  peakRssBytes: number;
}

/**
 * What one node used, measured around its kernel by the executor:
 * - CPU: process.cpuUsage() delta (user + system). It is process-wide — in a worker thread
 *   too (Node docs) — which is what we want: inference runs in an ORT worker thread whose
 *   intra-op threads are native threads of this process, and a thread-level clock would miss
 *   them. Limitation: runs executing concurrently in the same process share the delta, so each
 *   is over-charged by the other's CPU during its nodes (the embedded executor; a Temporal
 *   worker runs one activity per slot but may run several).
 * - wall: performance.now() delta.
 * - peak memory: the largest process RSS seen at start, every `sampleMs` (when the event loop
 *   is free, e.g. during inference) and at the end. A synchronous kernel blocks sampling, so
 *   memory it allocates and frees before returning is missed; what it keeps is seen at the end.
 */
export interface Meter {
  stop(): NodeUsage;
}

export function startMeter(sampleMs = 20): Meter {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const c = process.cpuUsage(c0);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { cpuMs: (c.user + c.system) / 1e3, wallMs: performance.now() - t0, peakRssBytes: peak };
    },
  };
}
