import { getAuth } from './auth';
import { ensureDemoUsers } from './auth/demo';
import { demoSignIn, env } from './env';
import { processServices } from './process';
import { seedDemo } from './seed';
import type { ServiceDeps } from './context';
import { startWebhookDispatcher } from './webhooks/dispatcher';
import { costCalibration } from './cost/service';
import { startAuditCheckpoints } from './audit/checkpoint-schedule';
import { startRunSweeper } from './runs/sweeper';
import { installShutdownHandlers } from './shutdown';
import { startBlobSweeper } from './blobs/sweeper';
import { startDicomService } from './dimse/service';
import { startRoutingWorker } from './routing/scheduler';
import { startEvaluationDriver } from './evaluations/driver';

/**
 * The services of this process once the database is migrated and (unless STUDIO_SEED_DEMO=false)
 * the demo is seeded. Every entry point (tRPC context, health check) goes through here so a
 * fresh clone shows its demo on the first page load without a separate setup step.
 */
const g = globalThis as { __studioDemoUsers?: Promise<void>; __studioCostWarm?: Promise<unknown> };

export async function readyServices(): Promise<ServiceDeps> {
  if (env.STUDIO_SEED_DEMO) await seedDemo();
  const services = await processServices();
  startWebhookDispatcher(services); // once per process; sends run-end webhooks of every executor
  startAuditCheckpoints(services.db); // signed chain heads outside the database, once per process
  // Once per process: fail runs whose process died (lease expired), now and every half lease;
  // on SIGTERM stop intake, let runs finish within the grace period, mark the rest INTERRUPTED.
  void startRunSweeper(services.db, env.STUDIO_RUN_LEASE_SECONDS);
  installShutdownHandlers();
  // Once per process: staged files of dead uploads and unreferenced blobs, now and periodically.
  startBlobSweeper(services, { intervalMs: env.STUDIO_SWEEP_INTERVAL_SECONDS * 1000, graceMs: env.STUDIO_SWEEP_GRACE_SECONDS * 1000 });
  // Once per process when STUDIO_DICOM_PORT is set: the DICOM listener (C-ECHO, C-STORE into the index).
  startDicomService(services).catch((e) => console.error('[dicom] listener not started:', (e as Error)?.message ?? e));
  // Once per process: completed series -> routing rules -> runs -> deliveries of their DICOM outputs.
  startRoutingWorker(services, { intervalMs: env.STUDIO_ROUTING_INTERVAL_SECONDS * 1000, sendTimeoutMs: env.STUDIO_ROUTING_SEND_TIMEOUT_SECONDS * 1000 });
  // Once per process: evaluations' case runs one after another (in-process) or a few at a time (Temporal), and the gates waiting on them; resumes after a restart.
  startEvaluationDriver(services, { intervalMs: 1000 });
  // Measure (or load) the cost calibration in the background so the first estimate does not wait for it.
  g.__studioCostWarm ??= costCalibration().catch((e) => console.error('cost calibration failed', e));
  // The embedded demo's people (admin, engineer, clinician), created once per process.
  if (demoSignIn()) {
    g.__studioDemoUsers ??= getAuth().then((auth) => ensureDemoUsers(services.db, auth)).catch((e) => { g.__studioDemoUsers = undefined; throw e; });
    await g.__studioDemoUsers;
  }
  return services;
}
