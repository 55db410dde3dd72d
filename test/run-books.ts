import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { auditEvents, costLedger, runNodes, runs, webhookDeliveries } from '../drizzle/schema';
import { repoRoot } from './material';

/** Polls `probe` (every 50 ms) until it returns a value, or throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(50);
  }
}

/** `studio run` in a child process (killable like a crashed machine). */
export function studioRunProcess(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'cli', 'studio.mjs'), 'run', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-8_000)));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, exited, log: () => log };
}

/** The active run with a lease and at least one finished node (mid-run), if any. */
export async function midRun(db: Db) {
  const [r] = await db
    .select({ id: runs.id, leaseOwner: runs.leaseOwner })
    .from(runs)
    .where(
      and(
        eq(runs.status, 'running'),
        sql`${runs.leaseExpiresAt} > now()`,
        sql`exists (select 1 from ${runNodes} where ${runNodes.runId} = ${runs.id} and ${runNodes.status} = 'succeeded')`,
      ),
    );
  return r;
}

/** What the books say about a run: status, reservation left, charges vs finished nodes, webhooks, audit events. */
export async function runBooks(db: Db, runId: string) {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  const nodes = await db.select().from(runNodes).where(eq(runNodes.runId, runId));
  const ledger = await db.select().from(costLedger).where(eq(costLedger.runId, runId));
  const sum = (kinds: string[]) => ledger.filter((e) => kinds.includes(e.kind)).reduce((a, e) => a + e.amountNano, 0);
  const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.runId, runId));
  const ends = await db.select().from(auditEvents).where(and(eq(auditEvents.objectId, runId), sql`${auditEvents.action} in ('run.failed', 'run.finished', 'run.cancelled')`));
  return {
    status: run.status,
    errorCode: run.error?.code ?? null,
    actualCostNano: run.actualCostNano,
    reservedNano: sum(['reservation']),
    openReservationNano: sum(['reservation', 'release']),
    releases: ledger.filter((e) => e.kind === 'release').length,
    chargedNano: sum(['charge']),
    finishedNodesCostNano: nodes.filter((n) => n.status === 'succeeded').reduce((a, n) => a + (n.costNano ?? 0), 0),
    nodeStatuses: nodes.map((n) => n.status).sort(),
    webhookEvents: deliveries.map((d) => d.event),
    endAuditActions: ends.map((e) => e.action),
  };
}
