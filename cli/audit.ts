import { CliError, printJson } from './output';
import type { CliOptions } from './main';

const USAGE = 'usage: studio audit verify [--json]';

/**
 * `studio audit verify [--json]`: recomputes the audit hash chain of DATABASE_URL (or the
 * embedded PGlite) in id order. Prints `{ok, checked, firstBroken, head}` (stdout always
 * carries the JSON document; without --json a one-line summary also goes to stderr).
 * Exit 1 when a link is broken, naming the first broken row id.
 */
export async function auditCommand(args: string[], opts: CliOptions): Promise<number> {
  if (args[0] !== 'verify' || args.length > 1) throw new CliError('BAD_ARGUMENTS', USAGE);
  const { getDb } = await import('../app/_server/db');
  const { closeDb } = await import('../drizzle/client');
  const { verifyAudit } = await import('../app/_server/services/audit-verify');
  const db = await getDb();
  try {
    const result = await verifyAudit(db);
    if (!opts.json) {
      console.error(
        result.ok
          ? `audit chain intact: ${result.checked} event(s) verified`
          : `audit chain BROKEN at event id ${result.firstBroken!.id} (${result.firstBroken!.reason}); ${result.checked} event(s) verified before it`,
      );
    }
    await printJson(result);
    return result.ok ? 0 : 1;
  } finally {
    await closeDb(db);
  }
}
