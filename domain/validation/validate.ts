import type { z } from 'zod';
import { graphSizeError } from '../graph/limits';
import { PipelineGraphSchema, type PipelineGraph } from '../graph/schema';
import type { ModelLookup } from '../models/signature';
import { contractIssues } from './contract-checks';
import { cycleIssues, duplicateIds, edgeIssues, ioIssues, unconnectedInputs } from './graph-checks';
import { duplicateFileNames } from './output-checks';
import { inferTypes, type ScanFacts } from './infer';
import type { Issue } from './issue';
import { resolveNodes } from './resolve';

export { connectionCheck, type ConnectionVerdict } from './connection';

/**
 * The one validator (canvas, server, CLI, publish). Never throws for user mistakes: a document
 * that does not match the schema yields `schema` issues only; otherwise every check runs and
 * issues carry the node / port / edge they are about.
 */
export function validatePipeline(graphJson: unknown, models: ModelLookup): Issue[] {
  const tooLarge = graphSizeError(graphJson);
  if (tooLarge) return [{ code: 'graph-too-large', severity: 'error', message: tooLarge.message }];
  const parsed = PipelineGraphSchema.safeParse(graphJson);
  if (!parsed.success) return schemaIssues(parsed.error, graphJson);
  return validateGraph(parsed.data, models);
}

/** Every check of the graph; with `scan`, shapes start from that scan's volume (scan-contract.ts). */
export function validateGraph(graph: PipelineGraph, models: ModelLookup, scan?: ScanFacts): Issue[] {
  const tooLarge = graphSizeError(graph);
  if (tooLarge) return [{ code: 'graph-too-large', severity: 'error', message: tooLarge.message }];
  const { resolved, issues: nodeIssues } = resolveNodes(graph);
  const types = inferTypes(graph, resolved, models, scan);
  const checks: Issue[] = [];
  for (const [nodeId, r] of resolved) {
    const t = types.get(nodeId)!;
    if (r.params !== undefined && r.spec.check) checks.push(...r.spec.check({ params: r.params, inputs: t.inputs, models, nodeId }));
  }
  return [
    ...duplicateIds(graph),
    ...nodeIssues,
    ...edgeIssues(graph, resolved, types, checks),
    ...unconnectedInputs(graph, resolved),
    ...cycleIssues(graph),
    ...checks,
    ...contractIssues(graph, resolved, models),
    ...ioIssues(resolved),
    ...duplicateFileNames(resolved),
  ];
}

/** Zod issues of the document, pointed at the node or edge they are inside when possible. */
function schemaIssues(error: z.ZodError, doc: unknown): Issue[] {
  return error.issues.map((zi) => {
    const path = zi.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const issue: Issue = { code: 'schema', severity: 'error', path, message: `${path.join('.') || 'document'}: ${zi.message}` };
    const [list, index] = path;
    const item = (list === 'nodes' || list === 'edges') && typeof index === 'number' ? idAt(doc, list, index) : undefined;
    if (item !== undefined) issue[list === 'nodes' ? 'nodeId' : 'edgeId'] = item;
    return issue;
  });
}

function idAt(doc: unknown, list: 'nodes' | 'edges', index: number): string | undefined {
  const items = (doc as Record<string, unknown> | null)?.[list];
  const id = Array.isArray(items) ? (items[index] as { id?: unknown } | null)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}
