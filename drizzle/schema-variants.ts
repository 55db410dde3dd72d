import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { models } from './schema-core';

/**
 * Optimised variants of a registered model (fp16, int8): the variant is itself a models row; this
 * row links it to its fp32 source and holds what was measured before anyone picks it for a
 * target: size, latency, Dice per label against the source, and the gate's verdict. An accepted
 * variant is registered in the workspace (its blob stored); a rejected one is not (no blob, no
 * workspace link), and every lookup treats its sha256 as refused (server/models/variant-gate.ts).
 */
export const VARIANT_KINDS = ['fp16', 'int8-static', 'int8-weights'] as const;
export type ModelVariantKind = (typeof VARIANT_KINDS)[number];
export const VARIANT_STATUSES = ['accepted', 'rejected'] as const;
export type ModelVariantStatus = (typeof VARIANT_STATUSES)[number];

/** The Dice gate: every label's Dice against fp32 must reach `threshold`, else `failing` names them. */
export type VariantGateJson = {
  status: ModelVariantStatus;
  threshold: number;
  /** Labels below the threshold (empty when accepted). */
  failing: { label: number; dice: number }[];
  /** "Dice 1 0.006 < 0.98" for a rejection; null when accepted. */
  reason: string | null;
};

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
  /** Absent on variants measured before the gate existed (they were all registered). */
  gate?: VariantGateJson;
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
    status: text('status').$type<ModelVariantStatus>().notNull().default('accepted'),
    report: jsonb('report').$type<VariantReportJson>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    check('model_variants_kind_check', sql`${t.kind} in ('fp16', 'int8-static', 'int8-weights')`),
    check('model_variants_status_check', sql`${t.status} in ('accepted', 'rejected')`),
    index('model_variants_source_idx').on(t.sourceSha256),
  ],
);
