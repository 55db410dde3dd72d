import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, bigint } from 'drizzle-orm/pg-core';
import type { PipelineGraph } from '../domain/graph/schema';
import type { Actor, AuditDetails, Origin } from '../domain/audit/events';
import type { ModelCard } from '../domain/cards/card';
import type { PipelineCard } from '../domain/cards/version-card';
import type { ModelContract } from '../domain/models/contract';
import type { ModelSignature } from '../domain/models/signature';
import type { VersionPins } from '../domain/versioning/pins';
import { NODE_STATUSES, RUN_STATUSES, type NodeStatus, type RunStatus } from '../domain/runs/status';
import { workspaces } from './schema-auth';


/**
 * Database schema. Voxels never live here: scans, models and outputs are blobs referenced by
 * sha256. Status columns are text + CHECK (not pg enums) so adding a value later is one
 * migration that works on PostgreSQL 15 as well as PGlite.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).defaultNow().notNull();
const ts = (name: string) => timestamp(name, { withTimezone: true });
/** Sizes can exceed 2^31 (4 GiB uploads): bigint, read back as a JS number (< 2^53). */
const bytes = (name: string) => bigint(name, { mode: 'number' }).notNull();
/** Scans, pipelines (and so their versions) and runs belong to one workspace. */
const workspaceId = () =>
  text('workspace_id')
    .notNull()
    .default('ws_default')
    .references(() => workspaces.id);

export type BlobFile = { sha256: string; name: string; size: number };
export type ErrorJson = { code: string; message: string; details?: Record<string, unknown> };
export type ArtifactJson = {
  nodeId: string;
  name: string;
  mediaType: string;
  sha256: string;
  size: number;
  labelCounts?: Record<string, number>;
};

/** `in ('a', 'b')` over constant status lists (ours, not user input), for CHECK constraints. */
const oneOf = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

export const models = pgTable('models', {
  sha256: text('sha256').primaryKey(),
  name: text('name').notNull(),
  fileName: text('file_name').notNull(),
  sizeBytes: bytes('size_bytes'),
  signature: jsonb('signature').$type<ModelSignature>().notNull(),
  createdAt: createdAt(),
});

/**
 * Which workspaces see which model. The bytes (and `models`) stay content-addressed and shared;
 * a model registered in workspace B is invisible in A until A registers the same bytes.
 */
export const workspaceModels = pgTable(
  'workspace_models',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    modelSha256: text('model_sha256')
      .notNull()
      .references(() => models.sha256),
    /** The name this workspace gave the model. */
    name: text('name').notNull(),
    /** This workspace's edit of the model's input contract; null: the contract read from the file. */
    contract: jsonb('contract').$type<ModelContract>(),
    /** This workspace's model card; null: the card the file's metadata carries (or its contract implies). */
    card: jsonb('card').$type<ModelCard>(),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.modelSha256] })],
);

export const scans = pgTable(
  'scans',
  {
    id: text('id').primaryKey(),
    workspaceId: workspaceId(),
    /** principalId() of the uploader (user id, key:<id>, or cli). */
    createdBy: text('created_by').notNull().default('system'),
    name: text('name').notNull(),
    format: text('format').$type<'nifti' | 'dicom'>().notNull(),
    files: jsonb('files').$type<BlobFile[]>().notNull(),
    sizeBytes: bytes('size_bytes'),
    /** The scan as one .nii.gz for the viewer, derived on first request (DICOM converted). */
    volumeSha256: text('volume_sha256'),
    createdAt: createdAt(),
  },
  (t) => [check('scans_format_check', sql`${t.format} in ('nifti', 'dicom')`)],
);

export const pipelines = pgTable('pipelines', {
  id: text('id').primaryKey(),
  workspaceId: workspaceId(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  draft: jsonb('draft').$type<PipelineGraph>().notNull(),
  draftUpdatedAt: ts('draft_updated_at').defaultNow().notNull(),
  /** The pipeline's own card (intended use, known limits...), pinned into each version published; null: empty. */
  card: jsonb('card').$type<PipelineCard>(),
  /** Plain text (no FK) to avoid a pipelines <-> pipeline_versions cycle; set in the publish transaction. */
  activeVersionId: text('active_version_id'),
  createdAt: createdAt(),
});

/** Insert-only (a trigger in the custom migration refuses UPDATE, DELETE and TRUNCATE). */
export const pipelineVersions = pgTable(
  'pipeline_versions',
  {
    id: text('id').primaryKey(),
    pipelineId: text('pipeline_id')
      .notNull()
      .references(() => pipelines.id),
    semver: text('semver').notNull(),
    notes: text('notes').notNull().default(''),
    graph: jsonb('graph').$type<PipelineGraph>().notNull(),
    contentHash: text('content_hash').notNull(),
    /** Node kind@versions, model sha256s and runtime package versions it was published with (not hashed); null before pins existed. */
    pins: jsonb('pins').$type<VersionPins>(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('pipeline_versions_semver_unique').on(t.pipelineId, t.semver),
    unique('pipeline_versions_content_unique').on(t.pipelineId, t.contentHash),
  ],
);

export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    pipelineVersionId: text('pipeline_version_id')
      .notNull()
      .references(() => pipelineVersions.id),
    scanId: text('scan_id')
      .notNull()
      .references(() => scans.id),
    workspaceId: workspaceId(),
    /** principalId() of who started it: clinicians see their own runs only. */
    createdBy: text('created_by').notNull().default('system'),
    status: text('status').$type<RunStatus>().notNull().default('queued'),
    /** 'embedded' | 'temporal' (free text so new executors need no migration). */
    executor: text('executor').notNull(),
    error: jsonb('error').$type<ErrorJson>(),
    artifacts: jsonb('artifacts').$type<ArtifactJson[]>().notNull().default([]),
    /** Cost estimate at start (domain/cost/estimate.ts), the rate card it priced with, the settled actual (nano-units). */
    estimate: jsonb('estimate').$type<import('../domain/cost/estimate').RunEstimate>(),
    rateCardId: text('rate_card_id'),
    actualCostNano: bigint('actual_cost_nano', { mode: 'number' }),
    createdAt: createdAt(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** The process executing an in-process run, and until when its heartbeat holds it (null: no lease, e.g. Temporal). */
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: ts('lease_expires_at'),
  },
  (t) => [
    index('runs_lease_idx').on(t.leaseExpiresAt),
    check('runs_status_check', sql`${t.status} in ${oneOf(RUN_STATUSES)}`),
    index('runs_created_at_idx').on(t.createdAt),
  ],
);

/** One row per (run, node); executors update it idempotently (Temporal may retry an activity). */
export const runNodes = pgTable(
  'run_nodes',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    nodeId: text('node_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').$type<NodeStatus>().notNull().default('pending'),
    /** 0..1 */
    progress: real('progress').notNull().default(0),
    /** Wall time of the successful attempt, milliseconds. */
    ms: real('ms'),
    /** Output value refs (port id -> blob ref), written by the Temporal executor. */
    outputs: jsonb('outputs').$type<Record<string, unknown>>(),
    artifacts: jsonb('artifacts').$type<ArtifactJson[]>().notNull().default([]),
    error: jsonb('error').$type<ErrorJson>(),
    attempts: integer('attempts').notNull().default(0),
    /** Measured by the executor for the successful attempt (workflows/meter.ts). */
    cpuMs: real('cpu_ms'),
    peakRssBytes: bigint('peak_rss_bytes', { mode: 'number' }),
    costNano: bigint('cost_nano', { mode: 'number' }),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** The process that ran the latest attempt (host:pid). */
    worker: text('worker'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.nodeId] }),
    check('run_nodes_status_check', sql`${t.status} in ${oneOf(NODE_STATUSES)}`),
  ],
);

/**
 * Append-only, hash-chained audit log (domain/audit/chain.ts). A trigger in the custom
 * migration refuses UPDATE, DELETE and TRUNCATE, and PUBLIC holds no such privilege. `at` is
 * set by the appender (it is part of the hash), not by a column default.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: ts('at').notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    details: jsonb('details').$type<AuditDetails>().notNull().default({}),
    origin: jsonb('origin').$type<Origin>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The workspace the event belongs to; null only for events of no workspace (e.g. a failed sign-in of an unknown email). */
    workspaceId: text('workspace_id'),
    /** Id of the HMAC key that chained this event; null for events chained before keyed chaining (plain SHA-256). */
    keyId: text('key_id'),
  },
  (t) => [
    index('audit_events_workspace_idx').on(t.workspaceId, t.id),
    unique('audit_events_hash_unique').on(t.hash),
    index('audit_events_at_idx').on(t.at),
    index('audit_events_object_idx').on(t.objectType, t.objectId),
    index('audit_events_action_idx').on(t.action),
  ],
);
