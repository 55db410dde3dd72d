import type { Db } from '../../../drizzle/client';
import { env } from '../env';
import { writeCheckpoint } from './audit-checkpoint';
import { auditCheckpointDir, auditKey } from './audit-key';

const g = globalThis as { __studioAuditCheckpoints?: NodeJS.Timeout };

/**
 * Writes a signed checkpoint of the audit chain head every STUDIO_AUDIT_CHECKPOINT_INTERVAL_SECONDS
 * (once per process; the timer does not keep the process alive). A failure is logged, not thrown:
 * `studio audit verify` reports what is wrong with the chain.
 */
export function startAuditCheckpoints(db: Db): void {
  if (g.__studioAuditCheckpoints) return;
  const tick = async () => {
    try {
      await writeCheckpoint(db, await auditKey(), auditCheckpointDir());
    } catch (e) {
      console.error('audit checkpoint failed', e);
    }
  };
  g.__studioAuditCheckpoints = setInterval(() => void tick(), env.STUDIO_AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000);
  g.__studioAuditCheckpoints.unref();
}
