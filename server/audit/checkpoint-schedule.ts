import type { Checkpoint } from '../../domain/audit/checkpoint';
import type { Db } from '../../drizzle/client';
import { env } from '../env';
import { writeCheckpoint } from './checkpoint';
import { auditCheckpointDir, auditKey } from './key';

const g = globalThis as { __studioAuditCheckpoints?: NodeJS.Timeout };

export type CheckpointSchedule = (() => void) & { /** Resolves when every tick started so far is done. */ idle(): Promise<void> };

/**
 * Writes a signed checkpoint of the audit chain head at start (so a wipe before the first interval
 * is caught) and every STUDIO_AUDIT_CHECKPOINT_INTERVAL_SECONDS
 * (once per process; the timer does not keep the process alive). A failure is logged, not thrown:
 * `studio audit verify` reports what is wrong with the chain. Returns a stop function.
 */
export function startAuditCheckpoints(db: Db, opts = { dir: auditCheckpointDir(), intervalSeconds: env.STUDIO_AUDIT_CHECKPOINT_INTERVAL_SECONDS }): CheckpointSchedule {
  let queue: Promise<void> = Promise.resolve();
  const stop = Object.assign(
    () => {
      clearInterval(g.__studioAuditCheckpoints);
      g.__studioAuditCheckpoints = undefined;
    },
    { idle: () => queue },
  );
  if (g.__studioAuditCheckpoints) return stop;
  let last: Checkpoint | undefined; // an idle chain gets no new file each interval
  const write = async () => {
    try {
      last = (await writeCheckpoint(db, await auditKey(), opts.dir, new Date(), last)).checkpoint;
    } catch (e) {
      console.error('audit checkpoint failed', e);
    }
  };
  // Ticks run one after another, so each sees the checkpoint the one before wrote.
  const tick = () => {
    queue = queue.then(write);
  };
  g.__studioAuditCheckpoints = setInterval(tick, opts.intervalSeconds * 1000);
  g.__studioAuditCheckpoints.unref();
  tick();
  return stop;
}
