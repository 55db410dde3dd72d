import { boolean, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaces } from './schema-auth';

/**
 * De-identification of incoming DICOM, per workspace (server/deid). Off until an admin turns it
 * on. `secret` (sealed at rest, see server/deid/box.ts) keys the UID mapping, the patient
 * pseudonym and the date shift: the same original gives the same replacement in one workspace.
 * The re-identification map is written only while `reidentify` is on; each original is sealed.
 */
const tz = (name: string) => timestamp(name, { withTimezone: true });

export const BURNED_IN_POLICIES = ['refuse', 'flag'] as const;
export type BurnedInPolicy = (typeof BURNED_IN_POLICIES)[number];
export type SafePrivateTag = { group: string; creator: string; element: string };

export const deidSettings = pgTable('deid_settings', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id),
  enabled: boolean('enabled').notNull().default(false),
  retainDates: boolean('retain_dates').notNull().default(true),
  retainPatientCharacteristics: boolean('retain_patient_characteristics').notNull().default(false),
  cleanDescriptors: boolean('clean_descriptors').notNull().default(false),
  burnedIn: text('burned_in').$type<BurnedInPolicy>().notNull().default('refuse'),
  safePrivate: jsonb('safe_private').$type<SafePrivateTag[]>().notNull().default([]),
  reidentify: boolean('reidentify').notNull().default(false),
  secret: text('secret').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: tz('updated_at').defaultNow().notNull(),
});

export const DEID_MAP_KINDS = ['patient', 'uid'] as const;
export type DeidMapKind = (typeof DEID_MAP_KINDS)[number];

export const deidMap = pgTable(
  'deid_map',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    kind: text('kind').$type<DeidMapKind>().notNull(),
    /** The replacement (pseudonym or new UID), what a de-identified instance shows. */
    replacement: text('replacement').notNull(),
    /** The original, sealed: patient `{id, name}` as JSON, or the UID. */
    original: text('original').notNull(),
    createdAt: tz('created_at').defaultNow().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.replacement] })],
);
