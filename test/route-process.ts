import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../drizzle/test-db';

export interface RouteProcess {
  t: TestDatabase;
  dataDir: string;
  /** Closes the process's database, restores the environment, drops the database, removes the data dir. */
  close(): Promise<void>;
}

/**
 * The studio's route handlers as one process runs them: a fresh test database (the app migrates
 * it on first use) and data directory. `env` is read at import, so the variables are stubbed and
 * the module registry reset before the caller imports any route. `extra` adds or overrides
 * variables (STUDIO_SEED_DEMO is 'false' unless given).
 */
export async function routeProcess(prefix: string, extra: Record<string, string> = {}): Promise<RouteProcess> {
  const t = await createTestDatabase({ migrate: false });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `studio-${prefix}-`));
  const vars: Record<string, string> = { DATABASE_URL: t.url, STUDIO_DATA_DIR: dataDir, STUDIO_SEED_DEMO: 'false', ...extra };
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  vi.resetModules();
  return {
    t,
    dataDir,
    async close() {
      const { getDb } = await import('../server/db');
      const { closeDb } = await import('../drizzle/client');
      await closeDb(await getDb());
      vi.unstubAllEnvs();
      await t.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
