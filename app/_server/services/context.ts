import type { Db } from '../../../drizzle/client';
import type { BlobStore } from '../blobs';
import type { Executor, ExecutorName } from '../executors';

/**
 * What services need, passed in (not imported) so tests run them on their own database and
 * blob directory. `executor` defaults to the process executors (app/_server/executors).
 */
export interface ServiceDeps {
  db: Db;
  blobs: BlobStore;
  executor?: (name?: ExecutorName) => Promise<Executor>;
}
