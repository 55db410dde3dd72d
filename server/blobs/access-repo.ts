import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import type { Scope } from '../auth/scope';

/** What was recorded about a blob when it was stored: the only source of its served type and name. */
export interface BlobRecord {
  mediaType: string;
  name: string;
}

/**
 * The record of a content-addressed blob a caller may be served, or null: it is a model
 * registered in the caller's workspace and not a rejected optimised variant (bytes are shared by
 * hash, visibility is not; ONNX bytes are application/octet-stream), or it belongs to a scan or run the caller sees (its workspace;
 * for clinicians, their own). A sha256 alone never opens another workspace's data. Scan files
 * carry the type their format implies (a DICOM instance, a gzip or raw NIfTI); the viewer's
 * cached volume is always .nii.gz; run outputs carry the media type their node wrote. The
 * caller still restricts that type (blob-response).
 */
export async function blobRecordFor(db: DbOrTx, sha256: string, scope: Scope): Promise<BlobRecord | null> {
  const ref = JSON.stringify([{ sha256 }]);
  const owner = scope.seesAllRuns ? sql`true` : sql`created_by = ${scope.ownerId}`;
  const runOwner = scope.seesAllRuns ? sql`true` : sql`runs.created_by = ${scope.ownerId}`;
  const rows = await db.execute(sql`
    select 'application/octet-stream' as media_type, m.file_name as name, 0 as rank
      from workspace_models w join models m on m.sha256 = w.model_sha256
      where w.workspace_id = ${scope.workspaceId} and w.model_sha256 = ${sha256}
        and not exists (select 1 from model_variants v where v.sha256 = m.sha256 and v.status = 'rejected')
    union all
    select case when format = 'dicom' then 'application/dicom'
                when f->>'name' ilike '%.gz' then 'application/gzip' else 'application/octet-stream' end,
           f->>'name', 1
      from scans, jsonb_array_elements(files) f
      where workspace_id = ${scope.workspaceId} and ${owner} and files @> ${ref}::jsonb and f->>'sha256' = ${sha256}
    union all
    select 'application/gzip', name || '.nii.gz', 2 from scans
      where workspace_id = ${scope.workspaceId} and ${owner} and volume_sha256 = ${sha256}
    union all
    select a->>'mediaType', a->>'name', 3
      from runs, jsonb_array_elements(artifacts) a
      where workspace_id = ${scope.workspaceId} and ${owner} and artifacts @> ${ref}::jsonb and a->>'sha256' = ${sha256}
    union all
    select a->>'mediaType', a->>'name', 4
      from runs join run_nodes n on n.run_id = runs.id, jsonb_array_elements(n.artifacts) a
      where runs.workspace_id = ${scope.workspaceId} and ${runOwner}
        and n.artifacts @> ${ref}::jsonb and a->>'sha256' = ${sha256}
    order by rank
    limit 1`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { media_type: string | null; name: string | null }[];
  const row = list[0];
  return row ? { mediaType: row.media_type ?? 'application/octet-stream', name: row.name ?? sha256 } : null;
}
