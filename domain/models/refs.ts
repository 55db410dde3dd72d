import type { NodeInstance, PipelineGraph } from '../graph/schema';
import { specOf } from '../nodes/catalogue';
import { ModelRefSchema, type ModelRef } from './signature';

/** A model reference in a graph: which node, which param, what it names. */
export interface ModelRefSite {
  nodeId: string;
  param: string;
  ref: ModelRef;
}

/**
 * The one way to find a graph's models: the params each node's spec declares as model refs
 * (`NodeSpec.modelParams`) that hold a valid ref, in node then param order. A node whose kind
 * or version the catalogue does not know has none (the validator reports it).
 */
export function nodeModelRefs(node: Pick<NodeInstance, 'id' | 'kind' | 'version' | 'params'>): ModelRefSite[] {
  return (specOf(node)?.modelParams ?? []).flatMap((param: string) => {
    const ref = ModelRefSchema.safeParse(node.params[param]);
    return ref.success ? [{ nodeId: node.id, param, ref: ref.data }] : [];
  });
}

export const modelRefs = (graph: PipelineGraph): ModelRefSite[] => graph.nodes.flatMap(nodeModelRefs);

/** The graph with each model ref replaced by `replace(site)` (undefined keeps it); untouched nodes stay the same objects. */
export function replaceModelRefs(graph: PipelineGraph, replace: (site: ModelRefSite) => ModelRef | undefined): PipelineGraph {
  const nodes = graph.nodes.map((node) => {
    const changes = nodeModelRefs(node).flatMap((site) => {
      const to = replace(site);
      return to ? [[site.param, to] as const] : [];
    });
    return changes.length ? { ...node, params: { ...node.params, ...Object.fromEntries(changes) } } : node;
  });
  return { ...graph, nodes };
}

/**
 * Pin model references: every `{file: 'x.onnx'}` ref becomes `{sha256}` via `lookupByFile`.
 * Published versions and runs only carry sha256 refs, so a version keeps meaning the same bytes
 * forever. Returns a new graph; unresolved file names are listed in `missing` and left as they
 * were (the validator then reports `model-missing` on their nodes).
 */
export function resolveModelFiles(graph: PipelineGraph, lookupByFile: (file: string) => string | undefined): { graph: PipelineGraph; missing: string[] } {
  const missing: string[] = [];
  const pinned = replaceModelRefs(graph, ({ ref }) => {
    if (!('file' in ref)) return undefined;
    const sha256 = lookupByFile(ref.file);
    if (!sha256) missing.push(ref.file);
    return sha256 ? { sha256 } : undefined;
  });
  return { graph: pinned, missing: [...new Set(missing)] };
}
