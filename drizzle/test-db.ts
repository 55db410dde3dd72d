import { randomBytes } from 'node:crypto';
import os from 'node:os';
import postgres from 'postgres';
import { closeDb, createDb, migrate, type Db } from './client';

/**
 * A fresh, migrated database on the real PostgreSQL server for one integration test file.
 * Connects to the `test` database (trust auth) as `postgres`, falling back to the OS user,
 * creates `studio_test_<random>` and drops it (with its connections) in `drop()`.
 */
const ADMIN_URLS = ['postgres://postgres@127.0.0.1:5432/test', `postgres://${os.userInfo().username}@127.0.0.1:5432/test`];

async function adminClient() {
  let last: unknown;
  for (const url of ADMIN_URLS) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql`select 1`;
      return { sql, url };
    } catch (e) {
      last = e;
      await sql.end({ timeout: 1 });
    }
  }
  throw new Error(`cannot reach PostgreSQL at 127.0.0.1:5432 (db test): ${String(last)}`);
}

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const admin = await adminClient();
  const name = `studio_test_${randomBytes(6).toString('hex')}`;
  await admin.sql.unsafe(`create database ${name}`);
  const url = admin.url.replace(/\/test$/, `/${name}`);
  const db = await createDb(url, { max: 4 });
  if (opts.migrate !== false) await migrate(db);
  return {
    url,
    db,
    async drop() {
      await closeDb(db);
      await admin.sql.unsafe(`drop database if exists ${name} with (force)`);
      await admin.sql.end({ timeout: 5 });
    },
  };
}
