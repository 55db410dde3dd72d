import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres, { type Sql } from 'postgres';
import { lockPgliteDir } from './pglite-lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** Driver-neutral database: repositories only use what PGlite and postgres.js share. */
export type Db = PgDatabase<PgQueryResultHKT, Schema> & { $client: PGlite | Sql };
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A Db or an open transaction (PgTransaction extends PgDatabase): repositories accept either. */
export type DbOrTx = PgDatabase<PgQueryResultHKT, Schema>;

export interface CreateDbOptions {
  /** Directory of the embedded database (used only without a URL); created if missing. */
  pgliteDir?: string;
  /** Pool size for postgres.js. */
  max?: number;
  /** postgres.js: give up opening a connection (TCP + startup) after this long. Default 5 s. */
  connectTimeoutSeconds?: number;
  /** postgres.js: close connections idle this long, so a stalled one is not reused for ever. Default 60 s. */
  idleTimeoutSeconds?: number;
  /** Server-side `statement_timeout` for every connection of the pool. Default 30,000 ms; 0 disables. */
  statementTimeoutMs?: number;
}

/**
 * A database for a URL (real PostgreSQL via postgres.js) or, without one, the embedded PGlite
 * on disk. PGlite has no inter-process locking: exactly one process may open a given directory.
 * The caller passes paths in; this module never reads the environment.
 */
export async function createDb(url?: string, opts: CreateDbOptions = {}): Promise<Db> {
  if (url) {
    // Notices (e.g. "relation already exists, skipping" from the migrator) are noise in logs.
    // A hung server must fail requests within seconds (DATABASE_UNAVAILABLE), not hang them.
    const client = postgres(url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connect_timeout: opts.connectTimeoutSeconds ?? 5,
      idle_timeout: opts.idleTimeoutSeconds ?? 60,
      connection: { statement_timeout: opts.statementTimeoutMs ?? 30_000 },
    });
    return drizzlePostgres({ client, schema }) as unknown as Db;
  }
  if (!opts.pgliteDir) throw new Error('createDb: pass a URL or opts.pgliteDir');
  mkdirSync(opts.pgliteDir, { recursive: true });
  const release = lockPgliteDir(opts.pgliteDir);
  try {
    const client = await PGlite.create(opts.pgliteDir);
    releases.set(client, release);
    process.once('exit', release);
    return drizzlePglite({ client, schema }) as unknown as Db;
  } catch (e) {
    release();
    throw e;
  }
}

const releases = new WeakMap<PGlite, () => void>();

export const isPglite = (db: Db) => db.$client instanceof PGlite;

/**
 * The committed migrations, beside this file. Bundlers (Next) may move this module, so callers
 * running from a bundle pass the folder explicitly (server/db.ts does, from the cwd).
 */
export function defaultMigrationsFolder(): string {
  try {
    const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
    if (existsSync(beside)) return beside;
  } catch {
    // import.meta.url is not a file: URL inside some bundles; fall back to the project root.
  }
  return path.resolve('drizzle', 'migrations');
}

/** Apply every committed migration not applied yet (idempotent; drizzle's journal table). */
export async function migrate(db: Db, migrationsFolder = defaultMigrationsFolder()): Promise<void> {
  if (isPglite(db)) await migratePglite(db as never, { migrationsFolder });
  else await migratePostgres(db as never, { migrationsFolder });
}

export async function closeDb(db: Db): Promise<void> {
  if (db.$client instanceof PGlite) {
    await db.$client.close();
    releases.get(db.$client)?.();
  }
  else await (db.$client as Sql).end({ timeout: 5 });
}
