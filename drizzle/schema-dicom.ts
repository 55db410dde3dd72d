import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { runs, scans } from './schema-core';
import { workspaces } from './schema-auth';
import type { DicomJson } from '../domain/dicom/json';

/**
 * The DICOM instance index (issue 14): every Part 10 instance the studio holds, whichever way
 * it came in (browser upload, STOW-RS, C-STORE, or written by a run), as the bytes it was
 * stored with (a blob, by sha256) and the attributes QIDO-RS matches and WADO-RS returns as
 * metadata (DICOM JSON without bulk data). One row per SOPInstanceUID per workspace: a second
 * copy of an instance replaces the first (PS3.4 B.4.1: the SCP may overwrite).
 */
export type { DicomJson } from '../domain/dicom/json';
export const DICOM_SOURCES = ['upload', 'stow', 'dimse', 'output'] as const;
export type DicomSource = (typeof DICOM_SOURCES)[number];

export const dicomInstances = pgTable(
  'dicom_instances',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    sopClassUid: text('sop_class_uid').notNull(),
    studyUid: text('study_uid').notNull(),
    seriesUid: text('series_uid').notNull(),
    transferSyntaxUid: text('transfer_syntax_uid').notNull(),
    instanceNumber: integer('instance_number'),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    source: text('source').$type<DicomSource>().notNull(),
    /** The AE that sent it (C-STORE) or the principal that stored it. */
    sender: text('sender').notNull().default(''),
    /** The scan it belongs to (uploads and STOW make one per series; DIMSE series get one when complete). */
    scanId: text('scan_id').references(() => scans.id, { onDelete: 'set null' }),
    /** The run that wrote it (outputs only). */
    runId: text('run_id').references(() => runs.id, { onDelete: 'set null' }),
    attributes: jsonb('attributes').$type<DicomJson>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    uniqueIndex('dicom_instances_ws_sop').on(t.workspaceId, t.sopInstanceUid),
    index('dicom_instances_ws_study').on(t.workspaceId, t.studyUid),
    index('dicom_instances_ws_series').on(t.workspaceId, t.seriesUid),
    index('dicom_instances_scan').on(t.scanId),
    check('dicom_instances_source_check', sql`${t.source} in ('upload', 'stow', 'dimse', 'output')`),
  ],
);

/**
 * One row per series per workspace: when its last instance arrived (routing waits for a quiet
 * period after it) and what became of it.
 */
export const dicomSeries = pgTable(
  'dicom_series',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    seriesUid: text('series_uid').notNull(),
    studyUid: text('study_uid').notNull(),
    modality: text('modality').notNull().default(''),
    instances: integer('instances').notNull().default(0),
    firstReceivedAt: timestamp('first_received_at', { withTimezone: true }).defaultNow().notNull(),
    lastReceivedAt: timestamp('last_received_at', { withTimezone: true }).defaultNow().notNull(),
    /** The last_received_at every enabled routing rule has seen (null: never evaluated); a later instance makes it due again. */
    routedThrough: timestamp('routed_through', { withTimezone: true }),
  },
  (t) => [uniqueIndex('dicom_series_ws_series').on(t.workspaceId, t.seriesUid), index('dicom_series_last').on(t.lastReceivedAt)],
);
