import { DomainError } from '../errors';

/**
 * Size limits of one pipeline graph, enforced before a graph is stored (draft save, create,
 * publish, import) and before it is validated, so no walk ever sees a graph larger than this.
 * Real imaging pipelines are a few dozen nodes (read, resample, normalise, one or a few models,
 * post-processing, writers; the bundled examples have 5-10): 500 nodes is 10x the largest
 * plausible one, 2,000 edges allows four inputs per node, and 1 MiB of JSON leaves ~2 KiB of
 * params and layout per node at the node cap. Depth 32 is far beyond any node's params
 * (they are flat records of numbers, strings and small arrays) and keeps every recursive JSON
 * routine (canonical JSON, hashing, JSON.stringify) far from the stack limit.
 */
export const GRAPH_LIMITS = { nodes: 500, edges: 2000, jsonBytes: 1024 * 1024, depth: 32 } as const;
export type GraphLimits = { nodes: number; edges: number; jsonBytes: number; depth: number };

const tooLarge = (what: keyof GraphLimits, actual: number, limit: number, limits: GraphLimits) =>
  new DomainError('GRAPH_TOO_LARGE', `the graph is too large: ${what} ${actual} > ${limit}`, { what, actual, limit, limits });

/**
 * Why `doc` (parsed JSON, not yet schema-checked) is too large, or undefined. Constant time for
 * the node and edge counts; then one iterative walk that stops as soon as the JSON size
 * (approximated from above: strings count their UTF-16 length + quotes) or the depth passes.
 */
export function graphSizeError(doc: unknown, limits: GraphLimits = GRAPH_LIMITS): DomainError | undefined {
  const g = (doc ?? {}) as { nodes?: unknown; edges?: unknown };
  if (Array.isArray(g.nodes) && g.nodes.length > limits.nodes) return tooLarge('nodes', g.nodes.length, limits.nodes, limits);
  if (Array.isArray(g.edges) && g.edges.length > limits.edges) return tooLarge('edges', g.edges.length, limits.edges, limits);
  let bytes = 0;
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') bytes += v.length + 2;
    else if (v === null || typeof v !== 'object') bytes += String(v).length;
    else {
      if (depth > limits.depth) return tooLarge('depth', depth, limits.depth, limits);
      const isArray = Array.isArray(v);
      bytes += 2;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        bytes += 1 + (isArray ? 0 : key.length + 3);
        stack.push([(v as Record<string, unknown>)[key], depth + 1]);
      }
    }
    if (bytes > limits.jsonBytes) return tooLarge('jsonBytes', bytes, limits.jsonBytes, limits);
  }
  return undefined;
}

export function assertGraphSize(doc: unknown, limits: GraphLimits = GRAPH_LIMITS): void {
  const e = graphSizeError(doc, limits);
  if (e) throw e;
}
