import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, bigint } from 'drizzle-orm/pg-core';
import type { CaseResult, CaseStatus, Criterion, CriterionResult, EvaluationStatus, GateState, LabelMapping, LabelSummary } from '../domain/evaluation/types';
import { workspaces } from './schema-auth';
import { pipelines, pipelineVersions, runs, scans, type BlobFile, type ErrorJson } from './schema-core';

/**
 * Labelled datasets and evaluations (issue 15). A dataset version and its cases are insert-only
 * (triggers in the migration) and content-hashed like pipeline versions; an evaluation runs one
 * pipeline version over one dataset version, one run per case.
 */
const tz = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => tz('created_at').defaultNow().notNull();
const inList = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

export const datasets = pgTable(
  'datasets',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
  },
  (t) => [unique('datasets_name_unique').on(t.workspaceId, t.name)],
);

/** Insert-only. `number` counts 1, 2, ... per dataset; identical content is refused (content hash). */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    id: text('id').primaryKey(),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id),
    number: integer('number').notNull(),
    /** sha256 of the canonical JSON of the cases (key, scan file hashes, reference hash) and label mapping. */
    contentHash: text('content_hash').notNull(),
    labelMapping: jsonb('label_mapping').$type<LabelMapping>().notNull(),
    caseCount: integer('case_count').notNull(),
    notes: text('notes').notNull().default(''),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
  },
  (t) => [unique('dataset_versions_number_unique').on(t.datasetId, t.number), unique('dataset_versions_content_unique').on(t.datasetId, t.contentHash)],
);

export const REFERENCE_FORMATS = ['nifti', 'dicom-seg'] as const;
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number];

/** Insert-only. The scan is an ordinary (de-identified) scans row; the reference is stored as uploaded and as a label map on the scan's voxel grid. */
export const datasetCases = pgTable(
  'dataset_cases',
  {
    datasetVersionId: text('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id),
    caseKey: text('case_key').notNull(),
    position: integer('position').notNull(),
    scanId: text('scan_id')
      .notNull()
      .references(() => scans.id),
    referenceFormat: text('reference_format').$type<ReferenceFormat>().notNull(),
    /** The reference as uploaded (a NIfTI label map, or the SEG instance(s)). */
    referenceFiles: jsonb('reference_files').$type<BlobFile[]>().notNull(),
    /** The reference as a .nii.gz label map on the scan's voxel grid (raw reference values, before the label mapping). */
    referenceSha256: text('reference_sha256').notNull(),
    /** Voxels per reference value (0 included) of the label map (migration 0021). */
    referenceCounts: jsonb('reference_counts').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.datasetVersionId, t.caseKey] }),
    check('dataset_cases_reference_format_check', sql`${t.referenceFormat} in ('nifti', 'dicom-seg')`),
  ],
);

export const evaluations = pgTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    pipelineVersionId: text('pipeline_version_id')
      .notNull()
      .references(() => pipelineVersions.id),
    /** The version's content hash, so an evaluation of identical content can be reused. */
    versionContentHash: text('version_content_hash').notNull(),
    datasetVersionId: text('dataset_version_id')
      .notNull()
      .references(() => datasetVersions.id),
    status: text('status').$type<EvaluationStatus>().notNull().default('queued'),
    toleranceMm: real('tolerance_mm').notNull().default(1),
    summary: jsonb('summary').$type<LabelSummary[]>(),
    error: jsonb('error').$type<ErrorJson>(),
    costNano: bigint('cost_nano', { mode: 'number' }),
    createdBy: text('created_by').notNull().default('system'),
    createdAt: createdAt(),
    startedAt: tz('started_at'),
    finishedAt: tz('finished_at'),
  },
  (t) => [
    check('evaluations_status_check', sql`${t.status} in ${inList(['queued', 'running', 'succeeded', 'failed', 'cancelled'])}`),
    index('evaluations_reuse_idx').on(t.versionContentHash, t.datasetVersionId),
    index('evaluations_version_idx').on(t.pipelineVersionId),
  ],
);

export const evaluationCases = pgTable(
  'evaluation_cases',
  {
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id),
    caseKey: text('case_key').notNull(),
    position: integer('position').notNull(),
    runId: text('run_id').references(() => runs.id),
    status: text('status').$type<CaseStatus>().notNull().default('pending'),
    metrics: jsonb('metrics').$type<CaseResult['metrics']>().notNull().default([]),
    error: jsonb('error').$type<ErrorJson>(),
  },
  (t) => [
    primaryKey({ columns: [t.evaluationId, t.caseKey] }),
    check('evaluation_cases_status_check', sql`${t.status} in ${inList(['pending', 'running', 'succeeded', 'failed', 'cancelled'])}`),
  ],
);

/** What a pipeline must reach before a version of it is published (edited by engineers; each edit audited). */
export const acceptanceCriteria = pgTable('acceptance_criteria', {
  pipelineId: text('pipeline_id')
    .primaryKey()
    .references(() => pipelines.id),
  criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
  updatedBy: text('updated_by').notNull().default('system'),
  updatedAt: tz('updated_at').defaultNow().notNull(),
});

/** A version published under acceptance criteria: evaluating until its evaluations finish, then passed, refused or (by an admin, with a reason) overridden. */
export const versionGates = pgTable(
  'version_gates',
  {
    versionId: text('version_id')
      .primaryKey()
      .references(() => pipelineVersions.id),
    state: text('state').$type<GateState>().notNull(),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
    results: jsonb('results').$type<CriterionResult[]>().notNull().default([]),
    evaluationIds: jsonb('evaluation_ids').$type<string[]>().notNull().default([]),
    overrideReason: text('override_reason'),
    decidedBy: text('decided_by'),
    decidedAt: tz('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [check('version_gates_state_check', sql`${t.state} in ('evaluating', 'passed', 'refused', 'overridden')`)],
);
