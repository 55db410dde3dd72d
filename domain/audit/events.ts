import { z } from 'zod';

/**
 * Audit event vocabulary. Who (actor), what (action on objectType/objectId), from where
 * (origin) and small, non-identifying details. Events never carry pixel data or patient
 * names: details are bounded (AUDIT_DETAILS_MAX_BYTES of canonical JSON) and keys that name
 * patient data are refused (see sanitize.ts).
 */
export const AUDIT_ACTIONS = [
  'auth.signed-in',
  'auth.sign-in-failed',
  'auth.signed-out',
  'scan.uploaded',
  'scan.deleted',
  'model.registered',
  'model.variant.created',
  'model.variant.rejected',
  'model.contract-changed',
  'pipeline.created',
  'draft.saved',
  'version.published',
  'version.rolled-back',
  'run.started',
  'run.finished',
  'run.failed',
  'run.cancel-requested',
  'run.cancelled',
  'result.viewed',
  'output.downloaded',
  'version.exported',
  'version.imported',
  'audit.exported',
  'key.created',
  'key.revoked',
  'key.used',
  'member.changed',
  'role.changed',
  'budget.changed',
  'budget.alert',
  'ratecard.changed',
  'webhook.created',
  'webhook.deleted',
  'dicom.instance-stored',
  'deid.settings-changed',
  'deid.reidentified',
  'deid.burned-in-flagged',
  'routing.rule-created',
  'routing.rule-changed',
  'routing.rule-enabled',
  'routing.rule-disabled',
  'routing.series-matched',
  'routing.run-refused',
  'routing.delivery-dead',
  'routing.delivery-retried',
  'evaluation.started',
  'evaluation.finished',
  'evaluation.cancelled',
  'criteria.changed',
  'version.gate.passed',
  'version.gate.refused',
  'version.gate.overridden',
  'dataset.created',
  'dataset.version-added',
  'model.card-changed',
  'pipeline.card-changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OBJECT_TYPES = ['scan', 'model', 'pipeline', 'version', 'run', 'blob', 'audit', 'key', 'member', 'budget', 'session', 'ratecard', 'webhook', 'dicom-instance', 'routing-rule', 'routing-match', 'routing-delivery', 'dataset', 'dataset-version', 'evaluation'] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

export const ActorSchema = z.object({
  type: z.enum(['system', 'user', 'cli', 'key']),
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof ActorSchema>;

/** Where a request came from; all optional (a CLI or the executor has none of them). */
export const OriginSchema = z.object({
  ip: z.string().max(100).optional(),
  userAgent: z.string().max(500).optional(),
  keyId: z.string().max(200).optional(),
  /** The workspace the actor acted in (absent: the default workspace, e.g. the CLI or seeding). */
  workspaceId: z.string().max(200).optional(),
});
export type Origin = z.infer<typeof OriginSchema>;

/** Until sign-in exists every studio request acts as the embedded demo admin. */
export const DEMO_ACTOR: Actor = { type: 'user', id: 'demo-admin' };
export const CLI_ACTOR: Actor = { type: 'cli', id: 'cli' };
/** Executors and seeding act on nobody's behalf. */
export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'studio' };

export type AuditDetails = Record<string, unknown>;

/** What a caller records; `at`, the hashes and the id are added when it is appended. */
export const AuditEventInputSchema = z.object({
  actor: ActorSchema,
  action: z.enum(AUDIT_ACTIONS),
  objectType: z.enum(AUDIT_OBJECT_TYPES).nullable(),
  objectId: z.string().max(200).nullable(),
  details: z.record(z.string(), z.unknown()),
  origin: OriginSchema,
  /** The workspace the event belongs to; null only for events of no workspace (a failed sign-in of an unknown email). */
  workspaceId: z.string().min(1).max(200).nullable(),
});
export type AuditEventInput = z.infer<typeof AuditEventInputSchema>;

/** The hashed content of one event (what the chain covers, in canonical JSON). */
export interface AuditHashInput extends AuditEventInput {
  prevHash: string;
  /** ISO 8601 with milliseconds (Date#toISOString); the stored timestamptz round-trips to it. */
  at: string;
}

export interface StoredAuditEvent extends AuditHashInput {
  id: number;
  hash: string;
  /** The chain key that MAC'd this event; null: a legacy event hashed with plain SHA-256. */
  keyId: string | null;
}

/** prevHash of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);
export const AUDIT_DETAILS_MAX_BYTES = 4096;
