import 'server-only';
import path from 'node:path';
import { createDb, migrate, type Db } from '../drizzle/client';
import { DatabaseLockedError } from '../drizzle/pglite-lock';
import { openBlobStore } from './blobs/open';
import type { BlobStore } from './blobs/store';
import { ServiceError } from './errors';
import { env } from './env';

/**
 * Process-wide database and blob store, built from `env` once. Kept on globalThis because Next
 * dev re-evaluates modules on every change: a second PGlite on the same directory in one
 * process would corrupt it, and every reload would leak a postgres.js pool.
 * The database is migrated on first open (idempotent), so a fresh clone needs no setup step.
 */
type Globals = { __studioDb?: Promise<Db>; __studioBlobs?: BlobStore };
const g = globalThis as Globals;

export const dataDir = () => path.resolve(env.STUDIO_DATA_DIR);

async function open(): Promise<Db> {
  const db = await createDb(env.DATABASE_URL, {
    pgliteDir: path.join(dataDir(), 'pglite'),
    connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    idleTimeoutSeconds: env.DATABASE_IDLE_TIMEOUT_SECONDS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  }).catch((e) => {
    if (e instanceof DatabaseLockedError) throw new ServiceError('DATABASE_LOCKED', e.message, { pid: e.pid });
    throw e;
  });
  await migrate(db);
  return db;
}

export function getDb(): Promise<Db> {
  if (!g.__studioDb) {
    g.__studioDb = open().catch((e) => {
      g.__studioDb = undefined; // let the next request retry (e.g. PostgreSQL was still starting)
      throw e;
    });
  }
  return g.__studioDb;
}

export function getBlobs(): BlobStore {
  return (g.__studioBlobs ??= openBlobStore(env, dataDir()));
}
