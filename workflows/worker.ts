import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { RunDeps } from './contract';
import { createActivities } from './activities';

/** The workflow source; bundlers (Next) may move this module, so fall back to the cwd. */
function workflowsPath(): string {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pipeline.workflow.ts');
  return existsSync(beside) ? beside : path.resolve('workflows', 'pipeline.workflow.ts');
}

// Bundling the workflow takes ~1.5 s: do it once per process, however many workers start.
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quietLogger }));

const quietLogger = {
  log() {}, trace() {}, debug() {}, info() {},
  warn: (m: string) => console.error(`[temporal] ${m}`),
  error: (m: string) => console.error(`[temporal] ${m}`),
};

/**
 * The SDK's native runtime logs every worker state change at INFO on stderr; keep warnings
 * only. Must run before the first NativeConnection (the runtime is a process singleton).
 */
export function installTemporalRuntime(): void {
  if (Runtime._instance) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/** Connection for workers of this process (installs the quiet runtime first). */
export async function connectWorker(address: string): Promise<NativeConnection> {
  installTemporalRuntime();
  return NativeConnection.connect({ address });
}

/** A worker for the pipeline workflow and its activities (usable in-process: tests, embedded DB). */
export async function createWorker(opts: {
  connection: NativeConnection;
  taskQueue: string;
  namespace?: string;
  deps: RunDeps;
  /** Node activities at once (default 2). */
  activitySlots?: number;
  /** After shutdown is asked for (SIGTERM), how long nodes in flight may finish before they are cancelled (and retried elsewhere). */
  shutdownGraceMs?: number;
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(opts.deps),
    // Node activities are memory-heavy (a 256^3 float tensor is 64 MB, logits 200 MB).
    maxConcurrentActivityTaskExecutions: opts.activitySlots ?? 2,
    ...(opts.shutdownGraceMs !== undefined ? { shutdownGraceTime: opts.shutdownGraceMs } : {}),
  });
}
