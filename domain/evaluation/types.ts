/**
 * The shapes evaluations speak: per-case metrics (domain/evaluation/metrics.ts computes them),
 * their summaries (aggregate.ts), the report and A/B comparison the studio shows and exports,
 * and acceptance criteria a pipeline declares. Pure types: the database keeps these as JSON.
 */

export const METRIC_NAMES = ['dice', 'hd95Mm', 'assdMm', 'surfaceDice', 'volumeDiffMl'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Per case and label, in world units (mm, mL); docs/evaluation-metrics.md defines each (metrics.ts computes them). */
export interface LabelMetrics {
  label: number;
  /** 2|P∩R| / (|P|+|R|); 1 when both are empty, so never null under this rule. */
  dice: number | null;
  /** max of the two directed 95th percentiles of surface distances (mm); null when exactly one mask is empty. */
  hd95Mm: number | null;
  /** mean of all surface distances of both directions (mm); null when exactly one mask is empty. */
  assdMm: number | null;
  /** share of surface voxels of both masks within toleranceMm of the other surface. */
  surfaceDice: number | null;
  volumeRefMl: number;
  volumePredMl: number;
  /** prediction minus reference */
  volumeDiffMl: number;
  refEmpty: boolean;
  predEmpty: boolean;
  /** Voxel and surface voxel counts behind the figures above. */
  refVoxels: number;
  predVoxels: number;
  refSurfaceVoxels: number;
  predSurfaceVoxels: number;
}

/** Over cases (aggregate.ts): null values (a metric undefined for a case) are left out of n and counted in `missing`. */
export interface Summary {
  /** Defined values summarised. */
  n: number;
  mean: number | null;
  median: number | null;
  /** 95% bootstrap percentile interval of the mean; null when n < 2. */
  ci95: [number, number] | null;
  /** Values (or pairs) left out because they were null. */
  missing: number;
}

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
