'use client';
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertCircle, AlertTriangle } from 'lucide-react';
import { formatPortType, type PortType } from '../../../domain/ports';
import { categoryOf } from '../../_lib/categories';
import { useEditor } from '../../_lib/editor-store';
import type { StudioNode } from '../../_lib/flow-mapping';
import { cn } from '../ui/cn';
import { Tooltip } from '../ui/tooltip';
import { specKey, useCatalogue } from './catalogue-context';
import { NodeCostBadge } from '../costs/node-cost-badge';

const ROW = 24; // px per port row; handles are placed on the rows so labels line up

/** `connectable`: React Flow's per-node verdict (off on a read-only canvas); custom handles must pass it on. */
function PortRow({ id, label, type, side, connectable }: { id: string; label: string; type: PortType; side: 'in' | 'out'; connectable: boolean }) {
  return (
    <div className={cn('relative flex h-6 items-center px-3 text-xs text-slate-600', side === 'out' && 'justify-end')}>
      <Tooltip content={`${id}: ${formatPortType(type)}`} side={side === 'in' ? 'left' : 'right'}>
        <Handle
          id={id}
          type={side === 'in' ? 'target' : 'source'}
          isConnectable={connectable}
          position={side === 'in' ? Position.Left : Position.Right}
          data-testid={`handle-${side}-${id}`}
          className="!bg-slate-500"
          style={{ top: ROW / 2 }}
        />
      </Tooltip>
      <span className="truncate" data-testid="port-label">{label}</span>
      <span className="ml-1 text-slate-400">{type.kind === 'label-map' ? 'labels' : type.kind}</span>
    </div>
  );
}

/** The one generic node: everything it shows comes from the catalogue spec of its kind@version. */
function StudioNodeView({ id, data, selected, isConnectable }: NodeProps<StudioNode>) {
  const spec = useCatalogue().specs.get(specKey(data.kind, data.version));
  const issues = useEditor((s) => s.issues).filter((i) => i.nodeId === id);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  const cat = categoryOf(spec?.category ?? 'preprocess');
  return (
    <div
      data-testid={`node-${id}`}
      data-kind={data.kind}
      data-issues={errors}
      className={cn(
        'w-52 rounded-md border border-t-4 bg-white shadow-sm transition-shadow',
        cat.bar,
        selected ? 'border-x-brand-600 border-b-brand-600 shadow-md ring-2 ring-brand-100' : 'border-x-slate-200 border-b-slate-200',
        errors > 0 && !selected && 'border-x-red-300 border-b-red-300',
      )}
    >
      <div className="flex items-start justify-between gap-2 px-3 pt-2 pb-1.5">
        <div className="min-w-0">
          <div className="truncate text-sm font-semibold text-slate-900" data-testid="node-title">{data.label || spec?.title || data.kind}</div>
          <div className="truncate font-mono text-[10px] text-slate-400">{id} · {specKey(data.kind, data.version)}</div>
        </div>
        {errors > 0 ? (
          <span data-testid={`node-issues-${id}`} title={issues.map((i) => i.message).join('\n')} className="flex items-center gap-0.5 rounded-full bg-red-100 px-1.5 py-0.5 text-[10px] font-semibold text-red-700">
            <AlertCircle className="h-3 w-3" />{errors}
          </span>
        ) : warnings > 0 ? (
          <span data-testid={`node-issues-${id}`} title={issues.map((i) => i.message).join('\n')} className="flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold text-amber-800">
            <AlertTriangle className="h-3 w-3" />{warnings}
          </span>
        ) : null}
      </div>
      <NodeCostBadge nodeId={id} />
      {!spec ? (
        <div className="px-3 pb-2 text-[11px] text-red-600">Unknown node kind {specKey(data.kind, data.version)}</div>
      ) : (
        <div className="pb-1.5">
          {spec.inputs.map((p) => <PortRow key={`in-${p.id}`} id={p.id} label={p.label} type={p.type} side="in" connectable={isConnectable} />)}
          {spec.outputs.map((p) => <PortRow key={`out-${p.id}`} id={p.id} label={p.label} type={p.type} side="out" connectable={isConnectable} />)}
        </div>
      )}
    </div>
  );
}

export const StudioNodeComponent = memo(StudioNodeView);
