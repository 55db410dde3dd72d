'use client';
import { describeError } from '../../_lib/errors';
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from '../ui/card';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { CasesTable } from './cases-table';
import { MetricCharts } from './metric-charts';
import { ReportHeader } from './report-header';
import { SummaryTable } from './summary-table';
import { useReport } from './use-report';

/** /evaluations/<id>: header, per-label summary, box/strip plots, cases worst-first with thumbnails. */
export function EvaluationReport({ id }: { id: string }) {
  const { report, version, pipeline, dataset } = useReport(id);
  if (report.isPending) return <LoadingState label="Loading evaluation…" />;
  if (report.isError) return <div className="p-8"><ErrorState title="Could not load the evaluation" {...describeError(report.error)} /></div>;
  const { evaluation: e, labels, cases } = report.data;
  const scored = cases.filter((c) => c.status === 'succeeded');
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 px-6 py-8" data-testid="evaluation-report">
      <ReportHeader e={e} pipeline={pipeline.data} version={version.data} dataset={dataset.data} />
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Summary per label</CardTitle>
            <CardDescription>Over the {scored.length} scored cases; interval: 95% bootstrap percentile interval of the mean; undefined: one mask empty, the other not.</CardDescription>
          </div>
        </CardHeader>
        {e.summary ? <SummaryTable summary={e.summary} /> : <CardBody><EmptyState title="No summary yet" description="The summary appears when every case has finished." /></CardBody>}
      </Card>
      <Card>
        <CardHeader><div><CardTitle>Distribution over cases</CardTitle><CardDescription>Box: min, quartiles, median, max; dots: one per case.</CardDescription></div></CardHeader>
        <CardBody>{scored.length ? <MetricCharts cases={scored} labels={labels} /> : <p className="text-xs text-slate-400">No scored case yet.</p>}</CardBody>
      </Card>
      <Card>
        <CardHeader><div><CardTitle>Cases, worst first</CardTitle><CardDescription>Lowest mean Dice first; thumbnail: reference in green, prediction in magenta, yellow where they agree.</CardDescription></div></CardHeader>
        <CasesTable evaluationId={e.id} cases={cases} labels={labels} />
      </Card>
    </div>
  );
}
