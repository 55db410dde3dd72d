import type { Db } from '../drizzle/client';
import type { BlobStore } from './blobs/store';
import type { Executor, ExecutorName } from './runs/executors';
import type { Principal } from '../domain/auth/permissions';
import type { AuditContext } from './audit/service';

/**
 * What services need, passed in (not imported) so tests run them on their own database and
 * blob directory. `executor` defaults to the process executors (app/_server/executors).
 */
export interface ServiceDeps {
  db: Db;
  blobs: BlobStore;
  executor?: (name?: ExecutorName) => Promise<Executor>;
  /** Who the audit log names for actions through these deps (default: the system). */
  audit?: AuditContext;
  /** The caller: scopes what services read and create to its workspace (unset: the system, default workspace). */
  principal?: Principal | null;
}
