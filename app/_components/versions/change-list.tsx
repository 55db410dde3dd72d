'use client';
import type { ReactNode } from 'react';
import { formatShape, shortHash } from '../../_lib/format';
import type { Outputs } from '../../_lib/types';
import { Badge } from '../ui/badge';

type VersionDiff = Outputs['versions']['diff'];
type ModelSide = VersionDiff['models'][number]['from'];

/** Param values as text; sha256s shortened (the full hash is in the tooltip). */
const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? (/^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : v) : JSON.stringify(v));
const full = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const tensors = (ts: { name: string; dtype: string; shape: (number | null)[] }[] | null) => (ts ? ts.map((t) => `${t.name} ${t.dtype} ${formatShape(t.shape)}`).join(', ') : 'unknown here');
const opsets = (o: Record<string, number> | null) => (o ? Object.entries(o).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ') : 'unknown here');

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <section className="border-b border-slate-100 px-4 py-3">
      <h3 className="mb-2 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
        {title} <Badge tone={count ? 'warning' : 'neutral'}>{count}</Badge>
      </h3>
      {count ? children : <p className="text-xs text-slate-400">No changes.</p>}
    </section>
  );
}

function OldNew({ from, to, title }: { from: ReactNode; to: ReactNode; title?: string }) {
  return (
    <span className="break-all font-mono text-[11px]" title={title}>
      <span className="rounded bg-red-50 px-1 text-red-700 line-through decoration-red-300">{from}</span>
      <span className="mx-1 text-slate-400">→</span>
      <span className="rounded bg-emerald-50 px-1 text-emerald-700">{to}</span>
    </span>
  );
}

function ModelFacts({ m }: { m: ModelSide }) {
  if (!m) return <span className="text-slate-400">none</span>;
  return (
    <div className="space-y-0.5 text-[11px] text-slate-600">
      <div className="font-mono" title={m.sha256}>{m.name ?? 'unregistered'} · {shortHash(m.sha256, 12)}</div>
      <div>opset {opsets(m.opsets)}</div>
      <div>in {tensors(m.inputs)}</div>
      <div>out {tensors(m.outputs)}</div>
    </div>
  );
}

/** Every change between two versions as text: nodes, edges, params old -> new, models, pins. */
export function ChangeList({ diff }: { diff: VersionDiff }) {
  const { graph, models, pins } = diff;
  const nodeCount = graph.nodes.added.length + graph.nodes.removed.length;
  const changed = graph.nodes.changed;
  const paramCount = changed.reduce((n, c) => n + c.params.length + (c.kind ? 1 : 0) + (c.version ? 1 : 0) + (c.label ? 1 : 0), 0);
  const pinCount = pins.nodes.added.length + pins.nodes.removed.length + pins.runtimes.length;
  return (
    <div data-testid="diff-changes" className="text-sm">
      {diff.sameContent ? <p className="bg-emerald-50 px-4 py-2 text-xs text-emerald-800">Same content hash: these versions are identical apart from layout.</p> : null}
      <Section title="Nodes" count={nodeCount}>
        <ul className="space-y-1 text-xs">
          {graph.nodes.added.map((id) => <li key={`a-${id}`}><Badge tone="success">added</Badge> <span className="font-mono">{id}</span></li>)}
          {graph.nodes.removed.map((id) => <li key={`r-${id}`}><Badge tone="danger">removed</Badge> <span className="font-mono">{id}</span></li>)}
        </ul>
      </Section>
      <Section title="Edges" count={graph.edges.added.length + graph.edges.removed.length}>
        <ul className="space-y-1 font-mono text-[11px]">
          {graph.edges.added.map((k) => <li key={`a-${k}`} className="text-emerald-700">+ {k}</li>)}
          {graph.edges.removed.map((k) => <li key={`r-${k}`} className="text-red-700">− {k}</li>)}
        </ul>
      </Section>
      <Section title="Parameters" count={paramCount}>
        <ul className="space-y-2" data-testid="diff-params">
          {changed.map((c) => (
            <li key={c.id}>
              <div className="font-mono text-xs font-semibold text-slate-800">{c.id}</div>
              <ul className="mt-1 space-y-1 pl-3 text-xs">
                {c.kind ? <li>kind <OldNew from={c.kind.from} to={c.kind.to} /></li> : null}
                {c.version ? <li>version <OldNew from={c.version.from} to={c.version.to} /></li> : null}
                {c.label ? <li>label <OldNew from={show(c.label.from)} to={show(c.label.to)} /></li> : null}
                {c.params.map((p) => (
                  <li key={p.path} data-testid={`diff-param-${c.id}-${p.path}`}>
                    <span className="font-mono text-slate-600">{p.path}</span> <OldNew from={show(p.from)} to={show(p.to)} title={`${full(p.from)} → ${full(p.to)}`} />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Models" count={models.length}>
        <ul className="space-y-3" data-testid="diff-models">
          {models.map((m) => (
            <li key={`${m.nodeId}.${m.param}`}>
              <div className="mb-1 text-xs">
                <span className="font-mono font-semibold">{m.nodeId}.{m.param}</span>{' '}
                {m.changed.map((c) => <Badge key={c} tone="warning" className="mr-1">{c}</Badge>)}
              </div>
              <div className="grid grid-cols-2 gap-3">
                <div className="rounded border border-red-100 bg-red-50/40 p-2"><ModelFacts m={m.from} /></div>
                <div className="rounded border border-emerald-100 bg-emerald-50/40 p-2"><ModelFacts m={m.to} /></div>
              </div>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Pinned runtimes and node versions" count={pinCount}>
        <ul className="space-y-1 text-xs">
          {pins.runtimes.map((r) => <li key={r.name}><span className="font-mono">{r.name}</span> <OldNew from={r.from ?? 'none'} to={r.to ?? 'none'} /></li>)}
          {pins.nodes.added.map((n) => <li key={`a-${n}`} className="font-mono text-emerald-700">+ {n}</li>)}
          {pins.nodes.removed.map((n) => <li key={`r-${n}`} className="font-mono text-red-700">− {n}</li>)}
        </ul>
      </Section>
    </div>
  );
}
