'use client';
import { Button } from './_components/ui/button';
import { ErrorState } from './_components/ui/states';

/** Last-resort boundary for a page that threw while rendering; the shell stays usable. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-3xl px-6 py-10">
      <ErrorState
        title="This page could not be shown"
        code={error.digest}
        message={error.message || 'Unexpected error.'}
        action={<Button size="sm" onClick={reset}>Try again</Button>}
      />
    </div>
  );
}
