import { env } from './env';
import { ServiceError } from './errors';

/**
 * Graceful stop of a process that executes runs (the Next server, `studio run`). On SIGTERM or
 * SIGINT: intake stops (startRun refuses with SHUTTING_DOWN, 503; the DICOM listener stops accepting), runs in flight get
 * STUDIO_SHUTDOWN_GRACE_SECONDS to finish, the rest are failed with INTERRUPTED (reservation
 * released, webhook enqueued), then the process exits. Kept on globalThis (Next dev reloads).
 */
type Globals = { __studioShutdown?: Promise<string[]>; __studioSignalsInstalled?: boolean; __studioStopCode?: number };
const g = globalThis as Globals;

export const isShuttingDown = (): boolean => g.__studioShutdown !== undefined;

export function assertAcceptingRuns(): void {
  if (isShuttingDown()) throw new ServiceError('SHUTTING_DOWN', 'this server is shutting down and starts no new run; retry in a moment');
}

/** Stops intake, drains the executors of this process and returns the runs marked INTERRUPTED. */
export function shutdown(graceMs = env.STUDIO_SHUTDOWN_GRACE_SECONDS * 1000): Promise<string[]> {
  return (g.__studioShutdown ??= (async () => {
    const { drainExecutors } = await import('./runs/executors');
    const { stopRunSweeper } = await import('./runs/sweeper');
    const { stopDicomService } = await import('./dimse/service');
    stopRunSweeper();
    // No new association; instances arriving now get a few seconds to be stored, runs get the grace.
    const [marked] = await Promise.all([drainExecutors(graceMs), stopDicomService(Math.min(graceMs, 5_000))]);
    return marked;
  })());
}

/** Exit code of a process stopped by `signal` (128 + its number). */
const SIGNAL_EXIT = { SIGTERM: 143, SIGINT: 130 } as const;

/** The exit code of the signal that stopped this process (undefined: not stopped by a signal). */
export const stopExitCode = (): number | undefined => g.__studioStopCode;

/** Installs the SIGTERM/SIGINT handlers once per process; `exit` is called after the drain. */
export function installShutdownHandlers(exit: (code: number) => void = (code) => process.exit(code)): void {
  if (g.__studioSignalsInstalled) return;
  g.__studioSignalsInstalled = true;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
    process.once(signal, () => {
      const t0 = Date.now();
      g.__studioStopCode = code;
      console.error(`[studio] ${signal}: no new runs; waiting up to ${env.STUDIO_SHUTDOWN_GRACE_SECONDS} s for runs in flight`);
      shutdown()
        .then((marked) => console.error(`[studio] drained in ${Date.now() - t0} ms; ${marked.length} run(s) marked INTERRUPTED ${marked.join(', ')}`))
        .catch((e) => console.error('[studio] shutdown failed:', e))
        // Closing the executors waits for an inference in flight (ending the process while ORT
        // runs in a worker thread aborts it natively), then the process exits.
        .then(() => import('./runs/executors').then((m) => m.closeExecutors()))
        .catch((e) => console.error('[studio] closing the executors failed:', e))
        .finally(() => {
          console.error(`[studio] stopped ${Date.now() - t0} ms after ${signal}`);
          exit(code);
        });
    });
  }
}
