import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { Destination, RuleSpec } from '../domain/routing/rule';
import { runs, scans } from './schema-core';
import { workspaces } from './schema-auth';

/**
 * Routing rules (issue 14): per workspace, versioned like pipelines (an edit inserts a new
 * immutable version; a trigger refuses UPDATE/DELETE of versions), with the series they matched
 * and the deliveries of the matched runs' DICOM outputs.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });
const oneOf = (values: readonly string[]) => sql.raw(`(${values.map((v) => `'${v}'`).join(', ')})`);

export const routingRules = pgTable('routing_rules', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  /** The version the scheduler applies (no FK: rules <-> versions would be a cycle; set in the edit's transaction). */
  currentVersionId: text('current_version_id').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').defaultNow().notNull(),
});

/** Insert-only. */
export const routingRuleVersions = pgTable(
  'routing_rule_versions',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id')
      .notNull()
      .references(() => routingRules.id),
    version: integer('version').notNull(),
    spec: jsonb('spec').$type<RuleSpec>().notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').defaultNow().notNull(),
  },
  (t) => [unique('routing_rule_versions_rule_version').on(t.ruleId, t.version)],
);

/**
 * pending: matched, its run not started yet (claimed by one process at a time until
 * claimed_until); running: the run is started; refused: preflight or start refused (reason);
 * then the run's end state.
 */
export const MATCH_STATES = ['pending', 'running', 'refused', 'succeeded', 'failed', 'cancelled'] as const;
export type MatchState = (typeof MATCH_STATES)[number];

export const routingMatches = pgTable(
  'routing_matches',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    ruleId: text('rule_id')
      .notNull()
      .references(() => routingRules.id),
    ruleVersionId: text('rule_version_id')
      .notNull()
      .references(() => routingRuleVersions.id),
    seriesUid: text('series_uid').notNull(),
    studyUid: text('study_uid').notNull(),
    state: text('state').$type<MatchState>().notNull().default('pending'),
    reason: text('reason'),
    scanId: text('scan_id').references(() => scans.id, { onDelete: 'set null' }),
    runId: text('run_id').references(() => runs.id),
    claimedUntil: ts('claimed_until'),
    createdAt: ts('created_at').defaultNow().notNull(),
    updatedAt: ts('updated_at').defaultNow().notNull(),
  },
  (t) => [
    // A series is run once per rule, whatever the number of processes or restarts.
    unique('routing_matches_rule_series').on(t.ruleId, t.seriesUid),
    index('routing_matches_state').on(t.state),
    index('routing_matches_ws_created').on(t.workspaceId, t.createdAt),
    check('routing_matches_state_check', sql`${t.state} in ${oneOf(MATCH_STATES)}`),
  ],
);

/** queued -> sending -> sent; a failed attempt waits (failed) for the next; after the last, dead. */
export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'failed', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const routingDeliveries = pgTable(
  'routing_deliveries',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    matchId: text('match_id')
      .notNull()
      .references(() => routingMatches.id),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id),
    /** The queue: destinationKey() of the destination. */
    destinationKey: text('destination_key').notNull(),
    destination: jsonb('destination').$type<Destination>().notNull(),
    artifactSha256: text('artifact_sha256').notNull(),
    artifactName: text('artifact_name').notNull(),
    mediaType: text('media_type').notNull(),
    state: text('state').$type<DeliveryState>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').defaultNow().notNull(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').defaultNow().notNull(),
  },
  (t) => [
    unique('routing_deliveries_once').on(t.matchId, t.destinationKey, t.artifactSha256),
    index('routing_deliveries_due').on(t.state, t.nextAttemptAt),
    index('routing_deliveries_match').on(t.matchId),
    check('routing_deliveries_state_check', sql`${t.state} in ${oneOf(DELIVERY_STATES)}`),
  ],
);
