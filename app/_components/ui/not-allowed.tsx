'use client';
import type { ReactNode } from 'react';
import { ShieldAlert } from 'lucide-react';
import type { Action } from '../../../domain/auth/permissions';
import { useMe } from '../../_lib/can';
import { EmptyState, LoadingState } from './states';

/** What a page shows instead of forms its reader's role may not use. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div data-testid="not-allowed">
      <EmptyState icon={<ShieldAlert className="h-5 w-5" />} title="Not allowed" description={`Your role cannot ${what}. Ask a workspace admin if you need it.`} />
    </div>
  );
}

/**
 * Renders `children` only for a caller allowed `action` (any of them, for a list); otherwise the
 * not-allowed notice, so no form (nor its queries) appears that the server would refuse.
 */
export function Gate({ action, what, children }: { action: Action | Action[]; what: string; children: ReactNode }) {
  const me = useMe();
  const actions = Array.isArray(action) ? action : [action];
  if (me.isPending) return <LoadingState />;
  if (!actions.some((a) => me.data?.allowed.includes(a))) return <div className="mx-auto max-w-6xl px-6 py-8"><NotAllowed what={what} /></div>;
  return <>{children}</>;
}
