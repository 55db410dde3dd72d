import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { models } from './schema-core';

/**
 * Optimised variants of a registered model (fp16, int8): the variant is itself a models row (its
 * own content-addressed blob); this row links it to its fp32 source and holds what was measured
 * before anyone picks it for a target: size, latency, Dice per label against the source.
 */
export const VARIANT_KINDS = ['fp16', 'int8-static', 'int8-weights'] as const;
export type ModelVariantKind = (typeof VARIANT_KINDS)[number];

export type VariantReportJson = {
  sizeBytes: number;
  fp32SizeBytes: number;
  latencyMs: number;
  fp32LatencyMs: number;
  speedup: number;
  cpuMs: number;
  fp32CpuMs: number;
  threads: number;
  reps: number;
  dicePerLabel: number[];
  labelCounts: { fp32: number[]; variant: number[] };
  mismatches: number;
  maxAbsDiff: number;
  /** What the reference input was (scan id and crop), and what the transform did. */
  reference: string;
  details: Record<string, unknown>;
};

export const modelVariants = pgTable(
  'model_variants',
  {
    sha256: text('sha256')
      .primaryKey()
      .references(() => models.sha256),
    sourceSha256: text('source_sha256')
      .notNull()
      .references(() => models.sha256),
    kind: text('kind').$type<ModelVariantKind>().notNull(),
    calibrationScanId: text('calibration_scan_id'),
    referenceScanId: text('reference_scan_id'),
    report: jsonb('report').$type<VariantReportJson>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    check('model_variants_kind_check', sql`${t.kind} in ('fp16', 'int8-static', 'int8-weights')`),
    index('model_variants_source_idx').on(t.sourceSha256),
  ],
);
