import { Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { isPglite, type Db } from '../drizzle/client';
import { toClientError } from './errors';

/**
 * Readiness of each dependency, each probed with a short timeout so a hung one is reported
 * (not waited for): the database with `select 1`, Temporal (when configured) by describing
 * the namespace, the S3 bucket (STUDIO_BLOB_STORE=s3) with a HEAD. Error texts of drivers name hosts and ports: the report, which anyone may
 * read, carries a short typed message; the cause goes to the server log.
 */
export interface ComponentHealth {
  ok: boolean;
  /** Time the probe took (or the timeout), in milliseconds. */
  ms: number;
  error?: string;
}

export interface HealthReport {
  /** 'ok' when every component is; 'unavailable' otherwise (HTTP 503). */
  status: 'ok' | 'unavailable';
  ok: boolean;
  executor: 'temporal' | 'embedded';
  database: ComponentHealth & { driver?: 'postgres' | 'pglite' };
  temporal?: ComponentHealth & { namespace: string };
  objectStore?: ComponentHealth;
}

export interface HealthDeps {
  /** The process's database once ready (migrated, seeded); a rejection means it is down. */
  db: () => Promise<Db>;
  temporal?: { address: string; namespace: string };
  /** Probes the S3 bucket when blobs live there (S3BlobStore.assertReachable). */
  objectStore?: () => Promise<void>;
  timeoutMs: number;
}

async function probe(name: string, timeoutMs: number, fn: () => Promise<void>, describe: (e: unknown) => string): Promise<ComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([fn(), timeout]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (e) {
    console.error(`health: ${name} is down`, e);
    return { ok: false, ms: Math.round(performance.now() - started), error: e instanceof HealthTimeout ? e.message : describe(e) };
  } finally {
    clearTimeout(timer);
  }
}

class HealthTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

async function temporalReady(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const conn = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await conn.withDeadline(Date.now() + timeoutMs, () => conn.workflowService.describeNamespace({ namespace }));
  } finally {
    await conn.close().catch(() => {});
  }
}

export async function healthReport(deps: HealthDeps): Promise<HealthReport> {
  let driver: 'postgres' | 'pglite' | undefined;
  const dbCheck = probe('database', deps.timeoutMs, async () => {
    const db = await deps.db();
    driver = isPglite(db) ? 'pglite' : 'postgres';
    await db.execute(sql`select 1`);
  }, (e) => toClientError(e).message);
  const t = deps.temporal;
  const temporalCheck = t
    ? probe('temporal', deps.timeoutMs, () => temporalReady(t.address, t.namespace, deps.timeoutMs), () => 'Temporal is unreachable or its namespace does not answer')
    : undefined;
  const storeCheck = deps.objectStore ? probe('object store', deps.timeoutMs, deps.objectStore, () => 'the S3 bucket is unreachable, missing or refuses the credentials') : undefined;
  const [database, temporal, objectStore] = await Promise.all([dbCheck, temporalCheck, storeCheck]);
  const ok = database.ok && (temporal?.ok ?? true) && (objectStore?.ok ?? true);
  return {
    status: ok ? 'ok' : 'unavailable',
    ok,
    executor: t ? 'temporal' : 'embedded',
    database: { ...database, ...(driver ? { driver } : {}) },
    ...(t && temporal ? { temporal: { ...temporal, namespace: t.namespace } } : {}),
    ...(objectStore ? { objectStore } : {}),
  };
}

/** The /api/health answer: 200 with the report when every component is up, else 503. */
export async function healthResponse(deps: HealthDeps): Promise<Response> {
  const report = await healthReport(deps);
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
