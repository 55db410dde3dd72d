import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../drizzle/client';
import type { Scope } from '../services/scope';

/**
 * Whether a content-addressed blob may be served to a caller: it is a model registered in the
 * caller's workspace (bytes are shared by hash, visibility is not), or it belongs to a scan or
 * run the caller sees (its workspace; for clinicians, their own). A sha256 alone never opens
 * another workspace's data.
 */
export async function blobVisibleTo(db: DbOrTx, sha256: string, scope: Scope): Promise<boolean> {
  const ref = JSON.stringify([{ sha256 }]);
  const owner = scope.seesAllRuns ? sql`true` : sql`created_by = ${scope.ownerId}`;
  const rows = await db.execute(sql`
    select 1 from workspace_models where workspace_id = ${scope.workspaceId} and model_sha256 = ${sha256}
    union all
    select 1 from scans where workspace_id = ${scope.workspaceId} and ${owner}
      and (files @> ${ref}::jsonb or volume_sha256 = ${sha256})
    union all
    select 1 from runs where workspace_id = ${scope.workspaceId} and ${owner}
      and (artifacts @> ${ref}::jsonb
        or exists (select 1 from run_nodes n where n.run_id = runs.id and n.artifacts @> ${ref}::jsonb))
    limit 1`);
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return list.length > 0;
}
