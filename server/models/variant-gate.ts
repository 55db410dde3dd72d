import { and, eq, exists, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../drizzle/client';
import { models, modelVariants, workspaceModels, type VariantGateJson } from '../../drizzle/schema';
import { ServiceError } from '../errors';

/**
 * The Dice gate of optimised variants: a variant whose Dice against fp32 falls below the
 * threshold on any label is rejected. A rejected variant is recorded (its report, its verdict)
 * but never usable: it is not registered in a workspace, its bytes are not stored, and every
 * path that would use it by sha256 or file name (publish, runs, registration of the same bytes)
 * is refused with VARIANT_REJECTED naming the failing labels.
 */
export function gateVariant(dicePerLabel: number[], threshold: number): VariantGateJson {
  const failing = dicePerLabel.flatMap((dice, label) => (dice < threshold ? [{ label, dice }] : []));
  if (!failing.length) return { status: 'accepted', threshold, failing, reason: null };
  const reason = failing.map((f) => `Dice ${f.label} ${shown(f.dice, threshold)} < ${threshold}`).join(', ');
  return { status: 'rejected', threshold, failing, reason };
}

/** Three decimals, more when three would round up to the threshold (0.99996 is not "1.000 < 1"). */
function shown(dice: number, threshold: number): string {
  for (let digits = 3; digits < 8; digits++) if (Number(dice.toFixed(digits)) < threshold) return dice.toFixed(digits);
  return String(dice);
}

type Rejected = { sha256: string; fileName: string; reason: string };

/**
 * Rejected variants among these hashes or file names; with `workspaceId`, only those of a model
 * registered there (another workspace's variant stays NOT_FOUND: hashes do not leak).
 */
export async function rejectedVariants(db: DbOrTx, refs: { sha256s?: string[]; files?: string[] }, workspaceId?: string): Promise<Rejected[]> {
  const sha256s = [...new Set(refs.sha256s ?? [])];
  const files = [...new Set(refs.files ?? [])];
  if (!sha256s.length && !files.length) return [];
  const rows = await db
    .select({ sha256: modelVariants.sha256, fileName: models.fileName, report: modelVariants.report })
    .from(modelVariants)
    .innerJoin(models, eq(models.sha256, modelVariants.sha256))
    .where(and(eq(modelVariants.status, 'rejected'), workspaceId ? exists(db.select({ id: workspaceModels.workspaceId }).from(workspaceModels)
      .where(and(eq(workspaceModels.workspaceId, workspaceId), eq(workspaceModels.modelSha256, modelVariants.sourceSha256)))) : undefined, or(
      sha256s.length ? inArray(modelVariants.sha256, sha256s) : undefined,
      files.length ? inArray(models.fileName, files) : undefined,
    )));
  return rows.map((r) => ({ sha256: r.sha256, fileName: r.fileName, reason: r.report.gate?.reason ?? 'rejected' }));
}

/** VARIANT_REJECTED when any of these hashes or file names is a rejected variant (of `workspaceId`'s models, when given). */
export async function refuseRejectedVariants(db: DbOrTx, refs: { sha256s?: string[]; files?: string[] }, workspaceId?: string): Promise<void> {
  const [first, ...more] = await rejectedVariants(db, refs, workspaceId);
  if (!first) return;
  throw new ServiceError(
    'VARIANT_REJECTED',
    `model ${first.fileName} (${first.sha256.slice(0, 12)}) is a rejected optimised variant (${first.reason}): use its fp32 source or an accepted variant`,
    { rejected: [first, ...more] },
  );
}
