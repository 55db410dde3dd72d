'use client';
import { AlertCircle, AlertTriangle, CheckCircle2 } from 'lucide-react';
import type { Issue } from '../../../domain/validation/issue';
import { cn } from '../ui/cn';

/** Issues with severity icon and code; `onPick` focuses the node an issue belongs to. */
export function IssueList({ issues, onPick, empty = 'No issues.' }: { issues: Issue[]; onPick?: (nodeId: string) => void; empty?: string }) {
  if (issues.length === 0) {
    return (
      <p className="flex items-center gap-1.5 text-xs text-emerald-700">
        <CheckCircle2 className="h-3.5 w-3.5" /> {empty}
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-1" data-testid="issue-list">
      {issues.map((i, k) => {
        const Icon = i.severity === 'error' ? AlertCircle : AlertTriangle;
        return (
          <li key={k}>
            <button
              type="button"
              disabled={!i.nodeId || !onPick}
              onClick={() => i.nodeId && onPick?.(i.nodeId)}
              className="flex w-full items-start gap-2 rounded px-1.5 py-1 text-left text-xs enabled:hover:bg-slate-50"
            >
              <Icon className={cn('mt-0.5 h-3.5 w-3.5 shrink-0', i.severity === 'error' ? 'text-red-600' : 'text-amber-600')} />
              <span className="min-w-0 flex-1">
                <span className="text-slate-800">{i.message}</span>
                <span className="mt-0.5 block font-mono text-[10px] text-slate-400">
                  {i.code}
                  {i.nodeId ? ` · ${i.nodeId}` : ''}
                  {i.portId ? `.${i.portId}` : ''}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
