import { and, eq } from 'drizzle-orm';
import { deidMap, type DeidMapKind } from '../../drizzle/schema';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { openSecret } from '../webhooks/secret-box';
import { deidKey, readDeidSettings } from './settings';

export type Reidentified = { kind: 'patient'; id: string; name: string } | { kind: 'uid'; uid: string };

/**
 * The original behind a replacement (a patient pseudonym or a new UID), only in a workspace that
 * opted in to keeping the map; every lookup, found or not, is audited (without the values).
 */
export async function reidentify(deps: ServiceDeps, workspaceId: string, q: { kind: DeidMapKind; replacement: string }): Promise<Reidentified> {
  const settings = await readDeidSettings(deps.db, workspaceId);
  if (!settings.reidentify) throw new ServiceError('DEID_REID_DISABLED', 'this workspace does not keep a re-identification map (turn on re-identification in Settings first)');
  const row = await audited(
    deps,
    async (tx) => {
      const [r] = await tx
        .select()
        .from(deidMap)
        .where(and(eq(deidMap.workspaceId, workspaceId), eq(deidMap.kind, q.kind), eq(deidMap.replacement, q.replacement)));
      return r ?? null;
    },
    (r) => ({ action: 'deid.reidentified', objectType: null, objectId: null, workspaceId, details: { kind: q.kind, found: r !== null } }),
  );
  if (!row) throw new ServiceError('NOT_FOUND', `no ${q.kind} replacement ${q.replacement} in this workspace's map`);
  const original = openSecret(row.original, deidKey());
  if (q.kind === 'uid') return { kind: 'uid', uid: original };
  const p = JSON.parse(original) as { id: string; name: string };
  return { kind: 'patient', id: p.id, name: p.name };
}
