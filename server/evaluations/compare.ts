import { pairedDifference } from '../../domain/evaluation/aggregate';
import { mappedLabels, meanDice } from '../../domain/evaluation/summary';
import { METRIC_NAMES, type LabelMetrics, type MetricName, type Summary } from '../../domain/evaluation/types';
import type { ServiceDeps } from '../context';
import { getDatasetVersion, listDatasetCases } from '../datasets/repo';
import { ServiceError } from '../errors';
import { evaluationDto, type ComparisonDto } from './dto';
import { listCases, type EvaluationCaseRow } from './repo';
import { requireEvaluation } from './service';

const BOOTSTRAP = { resamples: 2000, seed: 1 };

/**
 * A/B: evaluation b against evaluation a on the same dataset version (else DATASET_MISMATCH).
 * Per label and metric the paired difference b - a over the cases both scored, with its 95%
 * bootstrap interval; per case both run ids and the change in mean Dice, largest first.
 */
export async function compareEvaluations(deps: Pick<ServiceDeps, 'db' | 'principal'>, args: { a: string; b: string }): Promise<ComparisonDto> {
  const [a, b] = await Promise.all([requireEvaluation(deps, args.a), requireEvaluation(deps, args.b)]);
  if (a.datasetVersionId !== b.datasetVersionId) {
    throw new ServiceError('DATASET_MISMATCH', 'the two evaluations ran on different dataset versions: they cannot be compared case by case', { a: a.datasetVersionId, b: b.datasetVersionId });
  }
  const [casesA, casesB, dv, refs] = await Promise.all([listCases(deps.db, a.id), listCases(deps.db, b.id), getDatasetVersion(deps.db, a.datasetVersionId), listDatasetCases(deps.db, a.datasetVersionId)]);
  const byKeyB = new Map(casesB.map((c) => [c.caseKey, c]));
  const pairs = casesA.map((ca) => [ca, byKeyB.get(ca.caseKey)] as const);
  const scored = (c: EvaluationCaseRow | undefined) => (c?.status === 'succeeded' ? c.metrics : null);
  const value = (m: readonly LabelMetrics[] | null, label: number, metric: MetricName) => m?.find((x) => x.label === label)?.[metric] ?? null;
  const labels = (dv ? mappedLabels(dv.labelMapping) : []).map(({ label, name }) => {
    const difference = {} as Record<MetricName, Summary>;
    for (const metric of METRIC_NAMES) {
      difference[metric] = pairedDifference(pairs.map(([x]) => value(scored(x), label, metric)), pairs.map(([, y]) => value(scored(y), label, metric)), BOOTSTRAP);
    }
    return { label, name, difference };
  });
  const scans = new Map(refs.map((r) => [r.caseKey, r.scanId]));
  const cases = pairs.map(([x, y]) => {
    const diceA = scored(x) ? meanDice(x.metrics) : null;
    const diceB = y && scored(y) ? meanDice(y.metrics) : null;
    return { caseKey: x.caseKey, scanId: scans.get(x.caseKey) ?? null, runA: x.runId, runB: y?.runId ?? null, diceA, diceB, deltaDice: diceA !== null && diceB !== null ? diceB - diceA : null };
  });
  const mag = (d: number | null) => (d === null ? -1 : Math.abs(d));
  cases.sort((p, q) => mag(q.deltaDice) - mag(p.deltaDice));
  return { a: evaluationDto(a, casesA), b: evaluationDto(b, casesB), datasetVersionId: a.datasetVersionId, labels, cases };
}
