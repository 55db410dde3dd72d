import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { VersionCard } from '../domain/cards/version-card';
import { pipelineVersions } from './schema-core';

/**
 * The card pinned when a version is published (domain/cards/version-card.ts), one per version.
 * Insert-only like the version itself (a trigger refuses UPDATE, DELETE and TRUNCATE); kept
 * beside the version row so the version's content hash is untouched.
 */
export const versionCards = pgTable('version_cards', {
  versionId: text('version_id')
    .primaryKey()
    .references(() => pipelineVersions.id),
  card: jsonb('card').$type<VersionCard>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});
