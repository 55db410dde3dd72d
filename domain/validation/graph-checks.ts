import { nodesOnCycles } from '../graph/cycles';
import type { PipelineGraph } from '../graph/schema';
import { checkEdgeEnds, edgeCompatibility } from './connection';
import type { NodeTypes } from './infer';
import type { Issue } from './issue';
import type { ResolvedNode } from './resolve';

/** Structural checks of a schema-valid graph. Each returns issues; none throws. */

export function duplicateIds(graph: PipelineGraph): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const n of graph.nodes) {
    if (seen.has(n.id)) issues.push({ code: 'duplicate-id', severity: 'error', nodeId: n.id, message: `node id "${n.id}" is used twice` });
    seen.add(n.id);
  }
  seen.clear();
  for (const e of graph.edges) {
    if (seen.has(e.id)) issues.push({ code: 'duplicate-id', severity: 'error', edgeId: e.id, message: `edge id "${e.id}" is used twice` });
    seen.add(e.id);
  }
  return issues;
}

/**
 * Per edge: both ends exist, the target input is not already fed, the inferred types connect.
 * A compatibility issue is skipped when the target node's own check already reported on that
 * port (e.g. `model-shape-mismatch` says more than a generic `shape-mismatch`).
 */
export function edgeIssues(
  graph: PipelineGraph,
  resolved: Map<string, ResolvedNode>,
  types: Map<string, NodeTypes>,
  checkIssues: Issue[],
): Issue[] {
  const issues: Issue[] = [];
  const fed = new Set<string>();
  for (const e of graph.edges) {
    const ends = checkEdgeEnds(graph, resolved, e.source, e.target);
    if (!ends.ok) {
      // Unknown kind/version is already reported on the node itself.
      if (ends.code !== 'unknown-kind' && ends.code !== 'unknown-version') {
        issues.push({ code: ends.code, severity: 'error', edgeId: e.id, nodeId: e.target.node, portId: e.target.port, message: ends.message });
      }
      continue;
    }
    const key = `${e.target.node}\u0000${e.target.port}`;
    if (fed.has(key)) {
      const message = `input "${e.target.port}" of "${e.target.node}" has more than one source`;
      issues.push({ code: 'multiple-sources', severity: 'error', edgeId: e.id, nodeId: e.target.node, portId: e.target.port, message });
      continue;
    }
    fed.add(key);
    const c = edgeCompatibility(types, e.source, e.target);
    const covered = checkIssues.some((i) => i.nodeId === e.target.node && i.portId === e.target.port);
    if (!c.ok && !covered) {
      issues.push({ code: c.code, severity: 'error', edgeId: e.id, nodeId: e.target.node, portId: e.target.port, message: c.message });
    }
  }
  return issues;
}

export function unconnectedInputs(graph: PipelineGraph, resolved: Map<string, ResolvedNode>): Issue[] {
  const issues: Issue[] = [];
  for (const [id, r] of resolved) {
    for (const p of r.spec.inputs) {
      if (p.optional || graph.edges.some((e) => e.target.node === id && e.target.port === p.id)) continue;
      issues.push({ code: 'unconnected-input', severity: 'error', nodeId: id, portId: p.id, message: `input "${p.label}" is not connected` });
    }
  }
  return issues;
}

export function cycleIssues(graph: PipelineGraph): Issue[] {
  const ids = nodesOnCycles(graph);
  return ids.map((nodeId) => ({
    code: 'cycle' as const,
    severity: 'error' as const,
    nodeId,
    message: `node "${nodeId}" is on a cycle (${ids.join(' -> ')}); pipelines must be acyclic`,
  }));
}

/** A run has exactly one scan, so exactly one input node; a pipeline without outputs does nothing visible. */
export function ioIssues(resolved: Map<string, ResolvedNode>): Issue[] {
  const all = [...resolved.values()];
  const inputs = all.filter((r) => r.spec.category === 'input');
  const issues: Issue[] = [];
  if (inputs.length === 0) issues.push({ code: 'no-input', severity: 'error', message: 'the pipeline has no input node' });
  if (inputs.length > 1) {
    for (const r of inputs) {
      issues.push({ code: 'multiple-inputs', severity: 'error', nodeId: r.node.id, message: `the pipeline has ${inputs.length} input nodes; a run reads exactly one scan` });
    }
  }
  if (!all.some((r) => r.spec.category === 'output')) {
    issues.push({ code: 'no-output', severity: 'warning', message: 'the pipeline has no output node, so a run produces no files' });
  }
  return issues;
}
