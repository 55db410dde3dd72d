import { EvaluationReport } from '../../_components/evaluations/evaluation-report';

export default async function EvaluationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EvaluationReport id={id} />;
}
