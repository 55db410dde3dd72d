import type { ModelRef } from '../../domain/models/signature';
import { RuntimeError } from '../../runtimes/core/errors';
import type { InferenceRuntime } from '../../runtimes/core/inference';
import { lookupKernel, resolveRuntime } from '../../runtimes/core/registry';
import { createServerRuntime, registerServerRuntime } from '../../runtimes/server';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../../drizzle/client';
import { getBlobs, getDb } from '../db';
import { env } from '../env';
import { createRunLease } from './lease';
import '../volume-limits'; // caps every gunzip of a .nii.gz in this process
import { createDbRecorder } from './recorder';
import type { RunDeps } from '../../workflows/contract';

/**
 * Models are referenced by sha256 once a version is published (the CLI registers `{file}`
 * references first): the blob store holds the bytes, ORT loads them by path (a local file: the
 * blob itself, or the worker's cached copy of an S3 object).
 */
export function modelResolver(blobs: BlobStore) {
  return async (ref: ModelRef) => {
    if (!('sha256' in ref)) {
      throw new RuntimeError('MODEL_NOT_FOUND', `model file ${ref.file} is not registered; register it (models upload or --models DIR) to get its sha256`);
    }
    if (!(await blobs.has(ref.sha256))) throw new RuntimeError('MODEL_NOT_FOUND', `model ${ref.sha256} is not in the blob store`);
    return { sha256: ref.sha256, path: await blobs.localPath(ref.sha256) };
  };
}

/**
 * RunDeps over a given database and blob store (tests pass their own). In-process runs hold a
 * lease of `leaseSeconds` (STUDIO_RUN_LEASE_SECONDS) owned by this process.
 */
export function createRunDepsFor(
  db: Db,
  blobs: BlobStore,
  inference: InferenceRuntime = createServerRuntime(ortOptions()),
  leaseSeconds = env.STUDIO_RUN_LEASE_SECONDS,
): RunDeps {
  return { recorder: createDbRecorder(db, { blobs }), lease: createRunLease(db, leaseSeconds, undefined, blobs), blobs, kernels: lookupKernel, inference, resolveModel: modelResolver(blobs) };
}

/** ORT sized from the env; a worker started with STUDIO_WORKER_EP=cuda (...) tries that provider first. */
const ortOptions = () => ({
  size: env.ORT_POOL_SIZE,
  intraOpNumThreads: env.ORT_THREADS,
  executionProviders: env.STUDIO_WORKER_EP === 'cpu' ? ['cpu'] : [env.STUDIO_WORKER_EP, 'cpu'],
});

let shared: Promise<RunDeps> | undefined;

/**
 * The process-wide run dependencies (composition root: env -> db, blobs, ORT pool, kernels). The
 * kernels and the inference runtime come from the registry, sized from the env.
 */
export function getRunDeps(): Promise<RunDeps> {
  return (shared ??= (async () => {
    registerServerRuntime(ortOptions());
    const [db, { runtime }] = await Promise.all([getDb(), resolveRuntime(['server-cpu'])]);
    return createRunDepsFor(db, getBlobs(), runtime);
  })());
}

/**
 * Stops the ORT worker threads, if they were started (the database stays open). Concurrent
 * callers (a signal handler and the CLI's own exit) all wait for the same dispose: exiting while
 * ORT still runs in a worker thread aborts the process natively.
 */
let closing: Promise<void> | undefined;
export async function closeRunDeps(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) closing = current.then((deps) => deps.inference.dispose()).catch(() => undefined);
  await closing;
}
