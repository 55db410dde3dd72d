// A studio as `npm run dev` runs runs: embedded PGlite, a local blob store and the in-process
// executor over one inference thread, in a temp folder removed afterwards (the lag and memory benches).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, createDb, migrate, type Db } from '../drizzle/client';
import { LocalBlobStore } from '../server/blobs/local-store';
import type { ServiceDeps } from '../server/context';
import { createRunDepsFor } from '../server/runs/deps';
import { createServerRuntime } from '../runtimes/server';
import { createEmbeddedExecutor } from '../workflows/embedded';
import { prepareDemo } from '../test/material';
import type { Executor } from '../workflows/contract';

export interface EmbeddedStudio {
  dir: string;
  db: Db;
  deps: ServiceDeps & { executor: () => Promise<Executor> };
  executor: Executor;
  demo: Awaited<ReturnType<typeof prepareDemo>>;
}

export async function withEmbeddedStudio<T>(prefix: string, fn: (s: EmbeddedStudio) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = await createDb(undefined, { pgliteDir: path.join(dir, 'db') });
  const inference = createServerRuntime({ size: 1, intraOpNumThreads: 1 });
  try {
    await migrate(db);
    const svc: ServiceDeps = { db, blobs: new LocalBlobStore(path.join(dir, 'blobs')) };
    const demo = await prepareDemo(svc);
    const executor = createEmbeddedExecutor(createRunDepsFor(db, svc.blobs, inference));
    return await fn({ dir, db, deps: { ...svc, executor: async () => executor }, executor, demo });
  } finally {
    await inference.dispose();
    await closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
