import type { Db } from '../drizzle/client';
import type { BlobStore } from './blobs/store';
import type { Executor, ExecutorName } from '../workflows/contract';
import type { Principal } from '../domain/auth/permissions';
import type { Actor, Origin } from '../domain/audit/events';

/** Who the audit log names for actions through a set of deps, and from where. */
export interface AuditContext {
  actor: Actor;
  origin?: Origin;
}

/**
 * What services need, passed in (not imported) so tests run them on their own database and
 * blob directory. `executor` defaults to the process executors (server/runs/executors.ts).
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
