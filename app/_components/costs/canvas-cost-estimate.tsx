'use client';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PipelineGraph } from '../../../domain/graph/schema';
import { useEditor } from '../../_lib/editor-store';
import { useTRPC } from '../../_lib/trpc';
import { money } from './money';
import { useNodeCosts } from './node-cost-store';

/**
 * Estimates the draft on the canvas against the first stored scan (debounced; only a valid
 * graph is sent) and publishes per-node figures to the node badges. Renders the total.
 */
export function CanvasCostEstimate() {
  const trpc = useTRPC();
  const scans = useQuery(trpc.scans.list.queryOptions());
  const issues = useEditor((s) => s.issues);
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const [graph, setGraph] = useState<PipelineGraph>();
  useEffect(() => {
    // Positions, labels and the description do not change the cost: left out to keep the GET short.
    const slim = (g: PipelineGraph): PipelineGraph => ({ ...g, description: '', nodes: g.nodes.map(({ position: _p, label: _l, ...n }) => n) });
    const t = setTimeout(() => setGraph(slim(useEditor.getState().graph())), 600);
    return () => clearTimeout(t);
  }, [nodes, edges]);
  const scan = scans.data?.find((s) => s.fileCount > 0);
  const valid = !issues.some((i) => i.severity === 'error');
  const est = useQuery({ ...trpc.costs.estimate.queryOptions({ graph: graph!, scanId: scan?.id ?? '' }), enabled: !!graph && !!scan && valid, retry: false });
  const set = useNodeCosts((s) => s.set);
  useEffect(() => {
    if (!est.data) return set({ byNode: {}, currency: 'USD' });
    const byNode = Object.fromEntries(est.data.nodes.map((n) => [n.nodeId, { nano: n.price.totalNano, cpuSeconds: n.usage.cpuSeconds, notes: n.notes }]));
    set({ byNode, currency: est.data.currency, scanName: scan?.name });
  }, [est.data, scan?.name, set]);
  if (!est.data) return null;
  return (
    <span className="text-xs text-slate-500" data-testid="canvas-cost-total" title={`Estimated on ${scan?.name}`}>
      Est. {money(est.data.total.price.totalNano, est.data.currency)} per run
    </span>
  );
}
