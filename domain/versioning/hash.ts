import type { PipelineGraph } from '../graph/schema';
import { sha256Hex } from '../sha256';
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
  return sha256Hex(canonicalJson(semanticGraph(graph)));
}
