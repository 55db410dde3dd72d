'use client';
import { Trash2 } from 'lucide-react';
import { formatPortType } from '../../../domain/ports';
import { categoryOf } from '../../_lib/categories';
import { useEditor } from '../../_lib/editor-store';
import type { JsonSchema } from '../../_lib/json-schema';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Input, Label, Textarea } from '../ui/input';
import { specKey, useCatalogue } from './catalogue-context';
import { IssueList } from './issue-list';
import { ParamForm } from './param-form';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-b border-slate-100 px-4 py-3">
      <h3 className="mb-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/**
 * Right panel: the selected node's spec, label, parameter form and issues; else the pipeline's
 * details. `readOnly`: the same values, every control disabled (one disabled fieldset).
 */
export function Inspector({ readOnly }: { readOnly: boolean }) {
  const { specs, models } = useCatalogue();
  // Selectors return existing objects/numbers (a fresh array per call would re-render forever).
  const selectedCount = useEditor((s) => s.nodes.reduce((k, n) => k + (n.selected ? 1 : 0), 0));
  const first = useEditor((s) => s.nodes.find((n) => n.selected));
  const { meta, setMeta, updateNode, removeSelected, issues, select } = useEditor();
  const node = selectedCount === 1 ? first : undefined;

  if (!node) {
    const graphIssues = issues.filter((i) => !i.nodeId);
    return (
      <aside className="w-full overflow-y-auto bg-white" aria-label="Inspector" data-testid="inspector">
        <fieldset disabled={readOnly} className="contents">
        <Section title="Pipeline">
          <div className="flex flex-col gap-3">
            <div>
              <Label htmlFor="pl-name">Name</Label>
              <Input id="pl-name" value={meta.name} onChange={(e) => setMeta({ name: e.target.value })} />
            </div>
            <div>
              <Label htmlFor="pl-desc">Description</Label>
              <Textarea id="pl-desc" value={meta.description} onChange={(e) => setMeta({ description: e.target.value })} />
            </div>
          </div>
        </Section>
        </fieldset>
        <Section title="Pipeline issues">
          <IssueList issues={graphIssues} onPick={select} empty="No pipeline-level issues." />
        </Section>
        <p className="px-4 py-3 text-xs text-slate-400">Select a node to edit its parameters.</p>
      </aside>
    );
  }

  const spec = specs.get(specKey(node.data.kind, node.data.version));
  const nodeIssues = issues.filter((i) => i.nodeId === node.id);
  return (
    <aside className="w-full overflow-y-auto bg-white" aria-label="Inspector" data-testid="inspector">
      <div className="flex items-start justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <span className={`h-2 w-2 rounded-full ${categoryOf(spec?.category ?? '').dot}`} />
            <h2 className="truncate text-sm font-semibold text-slate-900">{spec?.title ?? node.data.kind}</h2>
          </div>
          <p className="mt-0.5 font-mono text-[11px] text-slate-400">{node.id} · {specKey(node.data.kind, node.data.version)}</p>
        </div>
        {readOnly ? null : <Button size="icon" variant="ghost" aria-label="Delete node" onClick={removeSelected}><Trash2 className="h-4 w-4" /></Button>}
      </div>
      {spec ? <p className="border-b border-slate-100 px-4 py-3 text-xs leading-relaxed text-slate-600">{spec.description}</p> : null}
      <Section title={`Issues (${nodeIssues.length})`}>
        <IssueList issues={nodeIssues} empty="No issues on this node." />
      </Section>
      <fieldset disabled={readOnly} className="contents" data-testid="node-form">
      <Section title="Label">
        <Input value={node.data.label ?? ''} placeholder={spec?.title} onChange={(e) => updateNode(node.id, { label: e.target.value || undefined })} aria-label="Node label" />
      </Section>
      <Section title="Parameters">
        {spec ? (
          <ParamForm nodeId={node.id} schema={spec.paramsSchema as JsonSchema} params={node.data.params} models={models} issues={nodeIssues} onChange={(params) => updateNode(node.id, { params })} />
        ) : (
          <p className="text-xs text-red-600">Unknown kind: parameters cannot be edited.</p>
        )}
      </Section>
      </fieldset>
      {spec ? (
        <Section title="Ports">
          <div className="flex flex-wrap gap-1">
            {spec.inputs.map((p) => <Badge key={`i${p.id}`} tone="info" className="font-mono">in {p.id}: {formatPortType(p.type)}</Badge>)}
            {spec.outputs.map((p) => <Badge key={`o${p.id}`} tone="neutral" className="font-mono">out {p.id}: {formatPortType(p.type)}</Badge>)}
          </div>
        </Section>
      ) : null}
    </aside>
  );
}
