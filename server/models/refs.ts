import type { PipelineGraph } from '../../domain/graph/schema';
import { ModelRefSchema } from '../../domain/models/signature';

/**
 * Pin model references: every `{file: 'x.onnx'}` param (any node kind: we look for the ModelRef
 * shape, not for `model.onnx`) becomes `{sha256}` via `lookupByFile`. Published versions and
 * runs only carry sha256 refs, so a version keeps meaning the same bytes forever.
 * Returns a new graph; unresolved file names are listed in `missing` and left as they were
 * (the validator then reports `model-missing` on their nodes).
 */
export function resolveModelFiles(
  graph: PipelineGraph,
  lookupByFile: (file: string) => string | undefined,
): { graph: PipelineGraph; missing: string[] } {
  const missing: string[] = [];
  const nodes = graph.nodes.map((node) => {
    let changed = false;
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.params)) {
      const ref = ModelRefSchema.safeParse(value);
      if (ref.success && 'file' in ref.data) {
        const sha256 = lookupByFile(ref.data.file);
        if (sha256) {
          params[key] = { sha256 };
          changed = true;
          continue;
        }
        missing.push(ref.data.file);
      }
      params[key] = value;
    }
    return changed ? { ...node, params } : node;
  });
  return { graph: { ...graph, nodes }, missing: [...new Set(missing)] };
}
