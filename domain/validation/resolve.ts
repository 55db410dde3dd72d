import type { z } from 'zod';
import type { NodeInstance, PipelineGraph } from '../graph/schema';
import { lookupSpec, type AnyNodeSpec } from '../nodes/catalogue';
import type { Issue } from './issue';
import { paramIssueMessage } from './param-messages';

export interface ResolvedNode {
  node: NodeInstance;
  spec: AnyNodeSpec;
  /** Params parsed by the spec (defaults applied); undefined when they do not parse. */
  params?: unknown;
}

/**
 * Pins every node to its spec and parses its params. Nodes whose kind@version is unknown are
 * left out (and reported); of duplicate ids only the first counts (duplicates are reported
 * separately).
 */
export function resolveNodes(graph: PipelineGraph): { resolved: Map<string, ResolvedNode>; issues: Issue[] } {
  const resolved = new Map<string, ResolvedNode>();
  const issues: Issue[] = [];
  for (const node of graph.nodes) {
    if (resolved.has(node.id)) continue;
    const found = lookupSpec(node.kind, node.version);
    if (!found.ok) {
      issues.push({ code: found.code, severity: 'error', nodeId: node.id, message: found.message });
      continue;
    }
    const schema: z.ZodType = found.spec.params;
    const parsed = schema.safeParse(node.params);
    resolved.set(node.id, { node, spec: found.spec, params: parsed.success ? parsed.data : undefined });
    if (parsed.success) continue;
    for (const zi of parsed.error.issues) {
      const path = zi.path.map((p) => (typeof p === 'number' ? p : String(p)));
      issues.push({ code: 'bad-params', severity: 'error', nodeId: node.id, path, message: paramIssueMessage(schema, zi, node.params) });
    }
  }
  return { resolved, issues };
}
