import Link from 'next/link';
import { Button } from './_components/ui/button';
import { EmptyState } from './_components/ui/states';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-3xl px-6 py-10">
      <EmptyState title="Page not found" description="The address does not match a pipeline, run, scan or model." action={<Button asChild variant="primary"><Link href="/">Back to pipelines</Link></Button>} />
    </div>
  );
}
