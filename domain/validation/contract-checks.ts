import type { PipelineGraph } from '../graph/schema';
import type { ModelLookup, ModelRef } from '../models/signature';
import type { Issue } from './issue';
import type { ResolvedNode } from './resolve';

/** Every node upstream of `id` (through any input), given each node's sources. */
function ancestors(into: Map<string, string[]>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(into.get(id) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(into.get(n) ?? []));
  }
  return seen;
}

/**
 * Warnings where a model's contract (its metadata: domain/models/contract.ts) is not met by
 * the graph feeding it: a model trained on one orientation (LIA for FreeSurfer-conformed
 * models) with no node upstream that conforms or reorients the scan to it.
 */
export function contractIssues(graph: PipelineGraph, resolved: Map<string, ResolvedNode>, models: ModelLookup): Issue[] {
  const issues: Issue[] = [];
  const into = new Map<string, string[]>();
  for (const e of graph.edges) into.set(e.target.node, [...(into.get(e.target.node) ?? []), e.source.node]);
  for (const [id, r] of resolved) {
    const params = r.params as Record<string, unknown> | undefined;
    for (const param of r.spec.modelParams ?? []) {
      const ref = params?.[param] as ModelRef | undefined;
      const contract = ref && models(ref)?.contract;
      if (!contract?.orientation) continue;
      const upstream = [...ancestors(into, id)].map((a) => resolved.get(a));
      if (upstream.some((u) => u?.params !== undefined && u.spec.setsOrientation?.(u.params as never) === contract.orientation)) continue;
      const grid = contract.shape ? ` on a ${contract.shape.join('x')} grid${contract.spacingMm ? ` of ${contract.spacingMm} mm` : ''}` : '';
      issues.push({
        code: 'model-contract',
        severity: 'warning',
        nodeId: id,
        message: `the model expects scans in ${contract.orientation} orientation${grid}${contract.preprocessing ? ` (its metadata: "${contract.preprocessing}")` : ''}, but nothing upstream conforms or reorients the scan to ${contract.orientation}: other orientations are segmented worse`,
      });
    }
  }
  return issues;
}
