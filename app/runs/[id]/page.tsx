import { RunView } from '../../_components/runs/run-view';

/** /runs/<id>[?reference=<evaluationId>:<caseKey>]: with a reference, the viewer outlines that evaluation case's reference over the run's labels. */
export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ reference?: string | string[] }> }) {
  const { id } = await params;
  const { reference } = await searchParams;
  const ref = typeof reference === 'string' ? reference : undefined;
  const colon = ref?.indexOf(':') ?? -1;
  return <RunView id={id} reference={ref && colon > 0 ? { evaluationId: ref.slice(0, colon), caseKey: ref.slice(colon + 1) } : undefined} />;
}
