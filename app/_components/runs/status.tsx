import { CheckCircle2, CircleDashed, Loader2, XCircle, Ban } from 'lucide-react';
import type { NodeStatus, RunStatus } from '../../../domain/runs/status';
import { Badge, type BadgeTone } from '../ui/badge';

/** One look per status (domain/runs/status.ts): a new status fails to compile until it has one. */
const look: Record<RunStatus | NodeStatus, { tone: BadgeTone; icon: typeof CheckCircle2; label: string }> = {
  queued: { tone: 'neutral', icon: CircleDashed, label: 'Queued' },
  pending: { tone: 'neutral', icon: CircleDashed, label: 'Pending' },
  running: { tone: 'info', icon: Loader2, label: 'Running' },
  succeeded: { tone: 'success', icon: CheckCircle2, label: 'Succeeded' },
  failed: { tone: 'danger', icon: XCircle, label: 'Failed' },
  cancelled: { tone: 'warning', icon: Ban, label: 'Cancelled' },
};

/** Status pill for runs and run nodes; `data-status` carries the raw value for tests. */
export function StatusPill({ status, ...rest }: { status: string; 'data-testid'?: string }) {
  const l = look[status as RunStatus | NodeStatus] ?? { tone: 'neutral' as const, icon: CircleDashed, label: status };
  const Icon = l.icon;
  return (
    <Badge tone={l.tone} data-status={status} {...rest}>
      <Icon className={`h-3 w-3 ${status === 'running' ? 'animate-spin' : ''}`} /> {l.label}
    </Badge>
  );
}
