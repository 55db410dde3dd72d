import { AbCompare } from '../../_components/evaluations/ab-compare';
import { EmptyState } from '../../_components/ui/states';

/** /evaluations/compare?a=<evaluationId>&b=<evaluationId> */
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ a?: string | string[]; b?: string | string[] }> }) {
  const { a, b } = await searchParams;
  if (typeof a !== 'string' || typeof b !== 'string' || !a || !b) return <div className="p-8"><EmptyState title="Two evaluations to compare" description="Open this page from a pipeline's diff page, or give ?a=<evaluation>&b=<evaluation>." /></div>;
  return <AbCompare a={a} b={b} />;
}
