import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalBlobStore } from '../blobs/local-store';
import { createRunDepsFor } from './deps';
import { startRun } from './service';
import type { ServiceDeps } from '../context';
import { createTestDatabase, type TestDatabase } from '../../drizzle/test-db';
import { createServerRuntime, type ServerRuntime } from '../../runtimes/server';
import { prepareDemo } from '../../test/material';
import { createEmbeddedExecutor } from '../../workflows/embedded';
import { fullGc } from '../../test/gc';

/**
 * Consecutive runs in one process do not keep memory: after a full GC, heap and external
 * (ArrayBuffer) memory after the last run stay within a bound far below what one run's values
 * take (a phantom of 64^3: its float volume, 5-class logits and outputs are ~7 MiB per run, so
 * keeping them would grow past the bound within a few runs).
 */
const RUNS = 24;
const BOUND_MIB = 6;
let tdb: TestDatabase;
let dataDir: string;
let inference: ServerRuntime;

beforeAll(async () => {
  tdb = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-leak-'));
  inference = createServerRuntime({ size: 1, intraOpNumThreads: 1 });
});

afterAll(async () => {
  await inference?.dispose();
  await tdb?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it(`${RUNS} consecutive runs: heap and external memory after GC do not grow`, { timeout: 60_000 }, async () => {
  const gc = fullGc();
  const svc: ServiceDeps = { db: tdb.db, blobs: new LocalBlobStore(dataDir) };
  const p = await prepareDemo(svc, { size: 64 });
  const executor = createEmbeddedExecutor(createRunDepsFor(tdb.db, svc.blobs, inference));
  const deps = { ...svc, executor: async () => executor };
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return (m.heapUsed + m.external + m.arrayBuffers) / 2 ** 20;
  };
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const res = await executor.wait((await startRun(deps, { versionId: p.versionId, scanId: p.scanId })).runId);
    expect(res.status).toBe('succeeded');
    samples.push(used());
  }
  // From the 4th run on (sessions and caches filled by then), the end is within the bound of the start.
  expect(samples[RUNS - 1] - samples[3]).toBeLessThan(BOUND_MIB);
});
