import { CliError, printJson } from './output';
import type { CliOptions } from './options';

/**
 * `studio db migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
 * PGlite under STUDIO_DATA_DIR when it is unset (opening the database migrates it).
 */
export async function dbCommand(args: string[], _opts: CliOptions): Promise<number> {
  if (args[0] !== 'migrate') throw new CliError('BAD_ARGUMENTS', 'usage: studio db migrate');
  const { env } = await import('../server/env');
  const { getDb } = await import('../server/db');
  const { closeDb } = await import('../drizzle/client');
  const db = await getDb();
  await closeDb(db);
  await printJson({ migrated: true, database: env.DATABASE_URL ? 'postgres' : 'pglite', target: env.DATABASE_URL ? redact(env.DATABASE_URL) : `${env.STUDIO_DATA_DIR}/pglite` });
  return 0;
}

/** Never print a password that may be in the URL. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
