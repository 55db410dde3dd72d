/**
 * The shapes evaluations speak: per-case metrics (domain/evaluation/metrics.ts computes them),
 * their summaries (aggregate.ts), the report and A/B comparison the studio shows and exports,
 * and acceptance criteria a pipeline declares. Pure types: the database keeps these as JSON.
 */

import type { MetricName } from './metrics';
import type { LabelMetrics } from './metrics';
import type { Summary } from './aggregate';

export { METRIC_NAMES, type MetricName, type LabelMetrics } from './metrics';
export type { Summary } from './aggregate';

export const EVALUATION_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const CASE_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Reference value (as stored in the label map or SEG segment number) -> pipeline label. Unmapped values count as background. */
export interface LabelMapping {
  entries: { reference: number; label: number }[];
  /** Pipeline label -> display name. */
  names: Record<string, string>;
}

export interface CaseResult {
  caseKey: string;
  runId: string | null;
  status: CaseStatus;
  metrics: LabelMetrics[];
  error?: { code: string; message: string };
}

export interface LabelSummary {
  label: number;
  name: string;
  metrics: Record<MetricName, Summary>;
  /** How many cases had the metric undefined (one mask empty, the other not). */
  undefinedCount: Record<MetricName, number>;
}

export const STATISTICS = ['mean', 'median', 'ci95Low', 'ci95High'] as const;
export type Statistic = (typeof STATISTICS)[number];

/** One acceptance criterion of a pipeline: e.g. label 2 dice mean >= 0.8 on dataset version X. */
export interface Criterion {
  datasetVersionId: string;
  label: number;
  metric: MetricName;
  statistic: Statistic;
  /** >= for metrics where higher is better (dice, surfaceDice), <= otherwise (distances, |volume diff|). */
  threshold: number;
}

export interface CriterionResult extends Criterion {
  value: number | null;
  passed: boolean;
}

export const GATE_STATES = ['evaluating', 'passed', 'refused', 'overridden'] as const;
export type GateState = (typeof GATE_STATES)[number];
