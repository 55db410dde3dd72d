import type { BlobStore, CommittedBlob } from './store';
import type { Db, DbOrTx } from '../../drizzle/client';
import { hexReferences, referencedAmong } from './refs-repo';

/**
 * Nothing an upload or a run leaves behind stays on disk: staged files of requests that died,
 * and blobs no database row references (a request that failed after storing its files, a
 * crash between the file and the row). Conservative by construction: a blob is removed only
 * when it is older than the grace period, no row mentions its hash anywhere (repos/blob-refs),
 * and no commit touched it meanwhile (gc.ts; the S3 store's caveat in s3-store.ts). The grace period must exceed
 * the longest upload and run (a run's outputs are referenced when its node finishes).
 */
export interface SweepResult {
  stagedRemoved: number;
  blobsRemoved: number;
  /** Old enough, but referenced by a row. */
  blobsReferenced: number;
}

export async function sweepOnce(deps: { db: DbOrTx; blobs: BlobStore }, opts: { graceMs: number; now?: number }): Promise<SweepResult> {
  const cutoff = (opts.now ?? Date.now()) - opts.graceMs;
  const stagedRemoved = await deps.blobs.removeStagedBefore(cutoff);
  // References first: a blob stored (or stored again) after this point has a fresh mtime.
  const refs = await hexReferences(deps.db);
  const old: string[] = [];
  let blobsReferenced = 0;
  for await (const b of deps.blobs.list()) {
    if (b.mtimeMs >= cutoff) continue;
    if (refs.has(b.sha256)) blobsReferenced++;
    else old.push(b.sha256);
  }
  const referenced = await referencedAmong(deps.db, old);
  blobsReferenced += referenced.size;
  let blobsRemoved = 0;
  for (const sha of old) {
    if (!referenced.has(sha) && (await deps.blobs.removeUnless(sha, (mtimeMs) => mtimeMs >= cutoff))) blobsRemoved++;
  }
  return { stagedRemoved, blobsRemoved, blobsReferenced };
}

/**
 * After a failed database write: removes the blobs this request created that no row
 * references and nobody stored again meanwhile. If the database cannot answer, they stay for
 * the sweeper (deleting a blob we cannot prove unreferenced could lose data).
 */
export async function removeOrphansOf(deps: { db: DbOrTx; blobs: BlobStore }, committed: CommittedBlob[]): Promise<void> {
  const created = committed.filter((c) => c.created);
  if (created.length === 0) return;
  try {
    const referenced = await referencedAmong(deps.db, [...new Set(created.map((c) => c.sha256))]);
    for (const c of created) {
      if (!referenced.has(c.sha256)) await deps.blobs.removeUnless(c.sha256, (mtimeMs) => mtimeMs !== c.mtimeMs);
    }
  } catch (e) {
    console.error('blobs of a failed request are left for the sweeper', e);
  }
}

type Running = { timer: NodeJS.Timeout };
const g = globalThis as { __studioBlobSweeper?: Running };

/** Once per process: a sweep now and then every `intervalMs`; failures are logged, never thrown. */
export function startBlobSweeper(deps: { db: Db; blobs: BlobStore }, opts: { intervalMs: number; graceMs: number }): void {
  if (g.__studioBlobSweeper) return;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const r = await sweepOnce(deps, { graceMs: opts.graceMs });
      if (r.stagedRemoved || r.blobsRemoved) console.info(`sweeper: removed ${r.stagedRemoved} staged file(s), ${r.blobsRemoved} orphaned blob(s)`);
    } catch (e) {
      console.error('sweeper failed', e);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs);
  timer.unref();
  g.__studioBlobSweeper = { timer };
  void tick();
}
