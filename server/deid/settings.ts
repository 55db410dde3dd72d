import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../drizzle/client';
import { BURNED_IN_POLICIES, deidSettings } from '../../drizzle/schema';
import { audited } from '../audit/service';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { purposeKey, sealSecret, openSecret } from '../webhooks/secret-box';

/**
 * A workspace's de-identification settings. Off by default: de-identifying changes what a
 * clinician uploads (names, dates, UIDs), which a hospital team running the studio on its own
 * patients does not want by surprise; a research workspace turns it on with one setting.
 */
export const DeidSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Retain Longitudinal Temporal Information with Modified Dates (a per-patient date shift). */
  retainDates: z.boolean(),
  retainPatientCharacteristics: z.boolean(),
  cleanDescriptors: z.boolean(),
  burnedIn: z.enum(BURNED_IN_POLICIES),
  safePrivate: z
    .array(z.object({ group: z.string().regex(/^[0-9A-Fa-f]{3}[13579BDFbdf]$/), creator: z.string().min(1).max(64), element: z.string().regex(/^[0-9A-Fa-f]{2}$/) }))
    .max(200),
  /** Keep the original -> replacement map (sealed) so an admin can re-identify; every lookup is audited. */
  reidentify: z.boolean(),
});
export type DeidSettings = z.infer<typeof DeidSettingsSchema>;

export const DEFAULT_DEID: DeidSettings = {
  enabled: false,
  retainDates: true,
  retainPatientCharacteristics: false,
  cleanDescriptors: false,
  burnedIn: 'refuse',
  safePrivate: [],
  reidentify: false,
};

const BOX = 'studio-deid';
// Audit details may not name "patient" keys (domain/audit/sanitize.ts): the settings, renamed.
const auditDetails = (s: DeidSettings) => ({
  enabled: s.enabled,
  retainDates: s.retainDates,
  retainCharacteristics: s.retainPatientCharacteristics,
  cleanDescriptors: s.cleanDescriptors,
  burnedIn: s.burnedIn,
  safePrivateCount: s.safePrivate.length,
  reidentify: s.reidentify,
});
export const deidKey = () => purposeKey(BOX);

type Row = typeof deidSettings.$inferSelect;
const toSettings = (r: Row | undefined): DeidSettings => (r ? DeidSettingsSchema.parse(r) : DEFAULT_DEID);

/** The settings of a workspace (defaults when never set). */
export async function readDeidSettings(db: DbOrTx, workspaceId: string): Promise<DeidSettings> {
  const [row] = await db.select().from(deidSettings).where(eq(deidSettings.workspaceId, workspaceId));
  return toSettings(row);
}

/** The settings and the workspace's key (created with its first settings). */
export async function deidConfig(db: DbOrTx, workspaceId: string): Promise<{ settings: DeidSettings; key: Uint8Array } | null> {
  const [row] = await db.select().from(deidSettings).where(eq(deidSettings.workspaceId, workspaceId));
  if (!row) return null;
  let secret: string;
  try {
    secret = openSecret(row.secret, deidKey());
  } catch {
    throw new ServiceError('INTERNAL', 'the de-identification key cannot be opened: the studio auth secret changed since it was created');
  }
  return { settings: toSettings(row), key: Buffer.from(secret, 'base64') };
}

/** Replaces the settings (admins; audited with the new values, which hold no patient data). */
export async function updateDeidSettings(deps: ServiceDeps, workspaceId: string, next: DeidSettings, by: string): Promise<DeidSettings> {
  const s = DeidSettingsSchema.parse(next);
  return audited(
    deps,
    async (tx) => {
      const values = { ...s, updatedBy: by, updatedAt: new Date() };
      await tx
        .insert(deidSettings)
        .values({ workspaceId, ...values, secret: sealSecret(randomBytes(32).toString('base64'), 'deid', deidKey()) })
        .onConflictDoUpdate({ target: deidSettings.workspaceId, set: values });
      return s;
    },
    (r) => ({ action: 'deid.settings-changed', objectType: null, objectId: null, workspaceId, details: auditDetails(r) }),
  );
}
