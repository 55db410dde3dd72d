import { reaches } from '../graph/cycles';
import { nodeRef, type PipelineGraph, type PortRef } from '../graph/schema';
import { lookupSpec } from '../nodes/catalogue';
import type { ModelLookup } from '../models/signature';
import { canConnect } from '../ports';
import { inferTypes, type NodeTypes } from './infer';
import type { IssueCode } from './issue';
import { resolveNodes, type ResolvedNode } from './resolve';

export type ConnectionVerdict = { ok: true } | { ok: false; code: IssueCode; message: string };

const OK: ConnectionVerdict = { ok: true };

/**
 * Do both ends of an edge exist: the nodes are in the graph with a known kind@version, the
 * source port is an output and the target port an input. An end whose node has an unknown
 * kind/version answers with that code (the validator reports it on the node instead).
 */
export function checkEdgeEnds(graph: PipelineGraph, resolved: Map<string, ResolvedNode>, source: PortRef, target: PortRef): ConnectionVerdict {
  for (const [end, dir] of [[source, 'output'], [target, 'input']] as const) {
    const node = graph.nodes.find((n) => n.id === end.node);
    if (!node) return { ok: false, code: 'dangling-edge', message: `node "${end.node}" does not exist` };
    const r = resolved.get(end.node);
    if (!r) {
      const found = lookupSpec(node.kind, node.version);
      return found.ok ? OK : { ok: false, code: found.code, message: found.message };
    }
    const ports = dir === 'output' ? r.spec.outputs : r.spec.inputs;
    if (!ports.some((p) => p.id === end.port)) {
      const known = ports.map((p) => p.id).join(', ') || 'none';
      return { ok: false, code: 'unknown-port', message: `${nodeRef(node)} "${node.id}" has no ${dir} port "${end.port}" (${dir}s: ${known})` };
    }
  }
  return OK;
}

/** Port type compatibility of an edge on the inferred types (the one rule: `canConnect`). */
export function edgeCompatibility(types: Map<string, NodeTypes>, source: PortRef, target: PortRef): ConnectionVerdict {
  const from = types.get(source.node)?.outputs[source.port];
  const to = types.get(target.node)?.accepts[target.port];
  if (!from || !to) return OK;
  const c = canConnect(from, to);
  return c.ok ? OK : { ok: false, code: c.code, message: c.message };
}

/**
 * The canvas's `isValidConnection`: may a new edge source -> target be added to `graph`?
 * Refuses missing ends, an input that is already fed (remove the old edge first when
 * reconnecting), an edge closing a cycle, and incompatible inferred port types.
 */
export function connectionCheck(graph: PipelineGraph, source: PortRef, target: PortRef, models: ModelLookup): ConnectionVerdict {
  const { resolved } = resolveNodes(graph);
  const ends = checkEdgeEnds(graph, resolved, source, target);
  if (!ends.ok) return ends;
  if (graph.edges.some((e) => e.target.node === target.node && e.target.port === target.port)) {
    return { ok: false, code: 'multiple-sources', message: `input "${target.port}" of "${target.node}" is already connected` };
  }
  if (reaches(graph, target.node, source.node)) {
    return { ok: false, code: 'cycle', message: `connecting "${source.node}" to "${target.node}" would close a cycle` };
  }
  return edgeCompatibility(inferTypes(graph, resolved, models), source, target);
}
