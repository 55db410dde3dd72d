import type { PipelineGraph } from '../../domain/graph/schema';

export interface LabelInfo {
  name: string;
  color?: [number, number, number];
}

/**
 * Label names and colours declared in a pipeline version: `labels: [{value, name, color?}]`
 * lists (post.argmax) and single `{label, name}` params (post.threshold). Read generically from
 * params so new labelling nodes that use the same shapes are picked up without a kind switch.
 */
export function labelNamesFromGraph(graph: PipelineGraph): Map<number, LabelInfo> {
  const out = new Map<number, LabelInfo>();
  for (const n of graph.nodes) {
    const p = n.params as Record<string, unknown>;
    if (Array.isArray(p.labels)) {
      for (const l of p.labels as { value?: unknown; name?: unknown; color?: unknown }[]) {
        if (typeof l?.value === 'number' && typeof l.name === 'string') {
          out.set(l.value, { name: l.name, color: Array.isArray(l.color) && l.color.length === 3 ? (l.color as [number, number, number]) : undefined });
        }
      }
    }
    if (typeof p.label === 'number' && typeof p.name === 'string' && !out.has(p.label)) out.set(p.label, { name: p.name });
  }
  return out;
}
