import type { PipelineGraph } from '../graph/schema';
import { canonicalJson } from './canonical';

/**
 * What a version's identity covers: everything except node `position` (canvas layout).
 * Moving nodes around is not a new version; names, descriptions, labels, params, node and
 * edge order are (order breaks ties in the execution plan). The graph is hashed as given,
 * without filling in param defaults, so the hash never depends on the catalogue.
 */
export function semanticGraph(graph: PipelineGraph): unknown {
  return { ...graph, nodes: graph.nodes.map(({ position: _layout, ...rest }) => rest) };
}

/** sha256 (lowercase hex) of the canonical JSON of the semantic graph; WebCrypto, so it runs anywhere. */
export async function contentHash(graph: PipelineGraph): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(semanticGraph(graph)));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
