'use client';
import { AlertCircle, AlertTriangle, ChevronDown, ChevronUp } from 'lucide-react';
import { useEditor } from '../../_lib/editor-store';
import { cn } from '../ui/cn';
import { IssueList } from './issue-list';

/** Collapsible drawer under the canvas with every validation issue; a click selects the node. */
export function IssuesDrawer({ open, onToggle, onPick }: { open: boolean; onToggle: () => void; onPick: (nodeId: string) => void }) {
  const issues = useEditor((s) => s.issues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  return (
    <div className={cn('border-t border-slate-200 bg-white', open ? 'h-48' : 'h-9')} data-testid="issues-drawer">
      <button type="button" onClick={onToggle} className="flex h-9 w-full items-center gap-3 px-4 text-xs font-medium text-slate-600 hover:bg-slate-50" aria-expanded={open}>
        <span>Validation</span>
        <span className={cn('flex items-center gap-1', errors ? 'text-red-600' : 'text-slate-400')} data-testid="issue-count-errors">
          <AlertCircle className="h-3.5 w-3.5" /> {errors} error{errors === 1 ? '' : 's'}
        </span>
        <span className={cn('flex items-center gap-1', warnings ? 'text-amber-600' : 'text-slate-400')}>
          <AlertTriangle className="h-3.5 w-3.5" /> {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
        <span className="ml-auto">{open ? <ChevronDown className="h-4 w-4" /> : <ChevronUp className="h-4 w-4" />}</span>
      </button>
      {open ? (
        <div className="h-[calc(100%-2.25rem)] overflow-y-auto px-3 pb-2">
          <IssueList issues={issues} onPick={onPick} empty="The pipeline is valid." />
        </div>
      ) : null}
    </div>
  );
}
