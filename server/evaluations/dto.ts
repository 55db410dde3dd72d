import type { CaseStatus, EvaluationStatus, LabelMetrics, LabelSummary, MetricName, Summary } from '../../domain/evaluation/types';
import { meanDice } from '../../domain/evaluation/summary';
import type { EvaluationCaseRow, EvaluationRow } from './repo';

/**
 * The shapes the studio (report page, A/B viewer) and the exports read. Stable: add fields,
 * do not rename or remove them. Times are ISO strings, costs nano-units of the rate card's
 * currency, metrics in mm / mL as domain/evaluation/types.ts documents.
 */
export interface EvaluationDto {
  id: string;
  versionId: string;
  versionContentHash: string;
  datasetVersionId: string;
  status: EvaluationStatus;
  toleranceMm: number;
  caseCount: number;
  /** Cases that ended (succeeded, failed or cancelled). */
  casesDone: number;
  casesFailed: number;
  /** Per label, every metric over the succeeded cases; null until the evaluation succeeded. */
  summary: LabelSummary[] | null;
  /** Sum of the case runs' actual cost; null until it ended. */
  costNano: number | null;
  error: { code: string; message: string } | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface EvaluationCaseDto {
  caseKey: string;
  position: number;
  scanId: string | null;
  runId: string | null;
  status: CaseStatus;
  /** Per label (dataset mapping order); empty unless succeeded. */
  metrics: LabelMetrics[];
  /** Mean Dice over the labels: the report's worst-first key (null when none defined). */
  meanDice: number | null;
  error: { code: string; message: string } | null;
}

/** GET /api/evaluations/<id>/report.json: the evaluation, its labels and the cases worst-first (lowest mean Dice first, failed cases first of all). */
export interface EvaluationReportDto {
  evaluation: EvaluationDto;
  labels: { label: number; name: string }[];
  cases: EvaluationCaseDto[];
}

/** evaluations.compare: b minus a, paired by case, on one dataset version. */
export interface ComparisonDto {
  a: EvaluationDto;
  b: EvaluationDto;
  datasetVersionId: string;
  /** Per label and metric: the paired difference b - a over cases both scored, with its 95% bootstrap interval. */
  labels: { label: number; name: string; difference: Record<MetricName, Summary> }[];
  /** Every case, largest |mean Dice b - mean Dice a| first (cases without both figures last). */
  cases: { caseKey: string; scanId: string | null; runA: string | null; runB: string | null; diceA: number | null; diceB: number | null; deltaDice: number | null }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const errorOf = (e: { code: string; message: string } | null) => (e ? { code: e.code, message: e.message } : null);

export function evaluationDto(e: EvaluationRow, cases: readonly Pick<EvaluationCaseRow, 'status'>[]): EvaluationDto {
  return {
    id: e.id,
    versionId: e.pipelineVersionId,
    versionContentHash: e.versionContentHash,
    datasetVersionId: e.datasetVersionId,
    status: e.status,
    toleranceMm: e.toleranceMm,
    caseCount: cases.length,
    casesDone: cases.filter((c) => c.status !== 'pending' && c.status !== 'running').length,
    casesFailed: cases.filter((c) => c.status === 'failed').length,
    summary: e.summary ?? null,
    costNano: e.costNano ?? null,
    error: errorOf(e.error ?? null),
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
  };
}

export function caseDto(c: EvaluationCaseRow, scanId: string | null): EvaluationCaseDto {
  return { caseKey: c.caseKey, position: c.position, scanId, runId: c.runId, status: c.status, metrics: c.metrics, meanDice: c.status === 'succeeded' ? meanDice(c.metrics) : null, error: errorOf(c.error ?? null) };
}

/** Failed or unscored cases first, then ascending mean Dice, then dataset order. */
export function worstFirst(cases: EvaluationCaseDto[]): EvaluationCaseDto[] {
  const key = (c: EvaluationCaseDto) => (c.meanDice === null ? -Infinity : c.meanDice);
  return [...cases].sort((x, y) => key(x) - key(y) || x.position - y.position);
}
