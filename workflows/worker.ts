import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
}): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(opts.deps),
    // Node activities are memory-heavy (a 256^3 float tensor is 64 MB, logits 200 MB).
    maxConcurrentActivityTaskExecutions: 2,
  });
}

/** `npm run worker`: the composition root of a standalone worker process. */
async function main(): Promise<void> {
  const { env } = await import('../server/env');
  const { getRunDeps, closeRunDeps } = await import('../server/runs/deps');
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: nothing to connect the worker to');
  if (!env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: the embedded PGlite cannot be shared between processes; the studio runs its own in-process worker');
  }
  const deps = await getRunDeps();
  const connection = await connectWorker(env.TEMPORAL_ADDRESS);
  const worker = await createWorker({ connection, taskQueue: env.TEMPORAL_TASK_QUEUE, namespace: env.TEMPORAL_NAMESPACE, deps });
  console.error(`[worker] polling ${env.TEMPORAL_ADDRESS} queue ${env.TEMPORAL_TASK_QUEUE}`);
  await worker.run(); // resolves after SIGINT/SIGTERM (the SDK installs the handlers)
  await connection.close();
  await closeRunDeps();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
