import { connectWorker, createWorker } from '../../workflows/worker';
import { env } from '../env';
import { closeRunDeps, getRunDeps } from './deps';

/** `npm run worker` (this file is only an entry): the composition root of a standalone worker process. */
async function main(): Promise<void> {
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: nothing to connect the worker to');
  if (!env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: the embedded PGlite cannot be shared between processes; the studio runs its own in-process worker');
  }
  const deps = await getRunDeps();
  const connection = await connectWorker(env.TEMPORAL_ADDRESS);
  const worker = await createWorker({ connection, taskQueue: env.TEMPORAL_TASK_QUEUE, namespace: env.TEMPORAL_NAMESPACE, deps, activitySlots: env.TEMPORAL_ACTIVITY_SLOTS });
  console.error(`[worker] polling ${env.TEMPORAL_ADDRESS} queue ${env.TEMPORAL_TASK_QUEUE} (${env.TEMPORAL_ACTIVITY_SLOTS} activity slots)`);
  await worker.run(); // resolves after SIGINT/SIGTERM (the SDK installs the handlers)
  await connection.close();
  await closeRunDeps();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
