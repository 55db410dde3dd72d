import { CliError, printJson } from './output';
import type { CliOptions } from './options';

const USAGE = 'usage: studio audit verify|checkpoint [--json]';

/**
 * `studio audit verify [--json]`: recomputes the audit chain of DATABASE_URL (or the embedded
 * PGlite) in id order with the chain key (STUDIO_AUDIT_KEY or STUDIO_DATA_DIR/audit-key) and
 * compares it with the signed checkpoints. Prints `{ok, checked, firstBroken, failures, head,
 * keyId, checkpoints}`; every failure has a stable `code`. Exit 1 when anything is wrong.
 * `studio audit checkpoint`: writes a signed checkpoint of the chain head now.
 */
export async function auditCommand(args: string[], opts: CliOptions): Promise<number> {
  if (!['verify', 'checkpoint'].includes(args[0]) || args.length > 1) throw new CliError('BAD_ARGUMENTS', USAGE);
  const { getDb } = await import('../server/db');
  const { closeDb } = await import('../drizzle/client');
  const { auditCheckpointDir, auditKey } = await import('../server/audit/key');
  const db = await getDb();
  try {
    if (args[0] === 'checkpoint') {
      const { writeCheckpoint } = await import('../server/audit/checkpoint');
      const written = await writeCheckpoint(db, await auditKey(), auditCheckpointDir());
      if (!opts.json) console.error(`audit checkpoint written: ${written.file} (${written.checkpoint.count} events up to #${written.checkpoint.lastId ?? 0})`);
      await printJson(written);
      return 0;
    }
    const { verifyAudit } = await import('../server/audit/verify');
    const result = await verifyAudit(db, await auditKey(), auditCheckpointDir());
    if (!opts.json) {
      console.error(
        result.ok
          ? `audit chain intact: ${result.checked} event(s) verified against ${result.checkpoints.valid} checkpoint(s)`
          : `audit chain BROKEN: ${result.failures.map((f) => `${f.code}: ${f.message}`).join('; ')}`,
      );
    }
    await printJson(result);
    return result.ok ? 0 : 1;
  } finally {
    await closeDb(db);
  }
}
