import type { PipelineGraph } from '../../domain/graph/schema';
import type { TensorInfo } from '../../domain/models/signature';
import { specOf } from '../../domain/nodes/catalogue';

export const MANIFEST_SCHEMA = 'studio.edge-bundle/v1';

/** What one bundle carries and expects; written as `manifest.json`, read by both runners. */
export interface BundleManifest {
  schema: typeof MANIFEST_SCHEMA;
  /** The graph with every model ref pinned to `{sha256}` (files under `models/<sha>.onnx`). */
  pipeline: { name: string; version: string; graph: PipelineGraph };
  nodes: string[];
  models: { sha256: string; file: string; sizeBytes: number; inputs: TensorInfo[]; outputs: TensorInfo[] }[];
  input: { format: 'nifti' | 'dicom'; node: string; description: string }[];
  runtimes: Record<string, string>;
  /** sha256 of every other file in the zip, by path (the manifest cannot list its own hash). */
  files: Record<string, string>;
}

/** The scan the pipeline reads, from its input nodes (one entry per format their spec `reads`). */
export function expectedInput(graph: PipelineGraph): BundleManifest['input'] {
  return graph.nodes.flatMap((n) => {
    const reads = specOf(n)?.reads;
    return reads ? reads.formats.map((format) => ({ node: n.id, format, description: reads.description })) : [];
  });
}

export const modelPath = (sha256: string) => `models/${sha256}.onnx`;
