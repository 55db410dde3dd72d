import { workerQueue } from '../../workflows/queues';
import { connectWorker, createWorker } from '../../workflows/worker';
import { S3BlobStore } from '../blobs/s3-store';
import { getBlobs } from '../db';
import { env } from '../env';
import { closeRunDeps, getRunDeps } from './deps';

/** `npm run worker` (this file is only an entry): the composition root of a standalone worker process. */
async function main(): Promise<void> {
  if (!env.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set: nothing to connect the worker to');
  if (!env.DATABASE_URL) {
    throw new Error('DATABASE_URL is not set: the embedded PGlite cannot be shared between processes; the studio runs its own in-process worker');
  }
  const blobs = getBlobs();
  if (blobs instanceof S3BlobStore) await blobs.assertReachable();
  const deps = await getRunDeps();
  const connection = await connectWorker(env.TEMPORAL_ADDRESS);
  // A CPU worker serves the run queue; a worker with another provider serves that provider's queue.
  const taskQueue = workerQueue(env.TEMPORAL_TASK_QUEUE, env.STUDIO_WORKER_EP);
  const worker = await createWorker({ connection, taskQueue, namespace: env.TEMPORAL_NAMESPACE, deps, activitySlots: env.TEMPORAL_ACTIVITY_SLOTS, shutdownGraceMs: env.TEMPORAL_SHUTDOWN_GRACE_SECONDS * 1000 });
  console.error(`[worker] polling ${env.TEMPORAL_ADDRESS} queue ${taskQueue} (provider ${env.STUDIO_WORKER_EP}, blobs ${env.STUDIO_BLOB_STORE}, ${env.TEMPORAL_ACTIVITY_SLOTS} activity slots)`);
  // Resolves after SIGINT/SIGTERM (the SDK installs the handlers): no new node is taken, those in
  // flight finish within TEMPORAL_SHUTDOWN_GRACE_SECONDS.
  await worker.run();
  if (blobs instanceof S3BlobStore) console.error(`[worker] blob cache ${JSON.stringify(blobs.cache.stats())}`);
  await connection.close();
  await closeRunDeps();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
