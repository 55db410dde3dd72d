'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import type { Outputs } from '../../_lib/types';

export type Report = Outputs['evaluations']['report'];
export type EvaluationInfo = Report['evaluation'];
export type CaseRow = Report['cases'][number];

const POLL_MS = 2000;
export const isOpen = (status: string) => status === 'queued' || status === 'running';

/** The report, polled every 2 s while the evaluation runs, with its version, pipeline and dataset version. */
export function useReport(id: string) {
  const trpc = useTRPC();
  const report = useQuery(trpc.evaluations.report.queryOptions({ id }, { refetchInterval: (q) => (q.state.data && !isOpen(q.state.data.evaluation.status) ? false : POLL_MS) }));
  const e = report.data?.evaluation;
  const version = useQuery(trpc.versions.get.queryOptions({ id: e?.versionId ?? '' }, { enabled: !!e, staleTime: Infinity }));
  const pipeline = useQuery(trpc.pipelines.get.queryOptions({ id: version.data?.pipelineId ?? '' }, { enabled: !!version.data, staleTime: 60_000 }));
  const dataset = useQuery(trpc.evaluationViews.datasetVersion.queryOptions({ id: e?.datasetVersionId ?? '' }, { enabled: !!e, staleTime: Infinity }));
  return { report, version, pipeline, dataset };
}
