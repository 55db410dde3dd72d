import type { PipelineGraph } from '../graph/schema';
import type { ModelLookup } from '../models/signature';
import { specOf } from '../nodes/catalogue';
import type { ScanFormat } from '../nodes/spec';
import type { ScanFacts } from './infer';
import type { Issue } from './issue';
import { validateGraph } from './validate';

export type { ScanFacts } from './infer';

const FORMAT_NAME: Record<ScanFormat, string> = { nifti: 'a NIfTI file', dicom: 'a DICOM series' };

/** The scan formats a pipeline's input nodes read (empty: no input node). */
export function acceptedFormats(graph: PipelineGraph): ScanFormat[] {
  return [...new Set(graph.nodes.flatMap((n) => specOf(n)?.reads?.formats ?? []))];
}

/**
 * The preflight: whether a scan can run through a (valid) pipeline, checked before anything
 * runs. Its format must be one the input node reads, and with the scan's own shape flowing
 * from the input node no node may reject what reaches it (a model's fixed input shape, a tile
 * that does not fit). Every issue says what was expected and what this scan is, in words.
 */
export function scanIssues(graph: PipelineGraph, models: ModelLookup, scan: ScanFacts): Issue[] {
  return scanChecker(graph, models)(scan);
}

/**
 * scanIssues for many scans of one pipeline (the launcher's list): the graph's own issues and
 * formats are found once, then each scan costs one validation with its shape.
 */
export function scanChecker(graph: PipelineGraph, models: ModelLookup): (scan: ScanFacts) => Issue[] {
  const formats = acceptedFormats(graph);
  let before: Set<string> | undefined;
  return (scan) => {
    const what = `${FORMAT_NAME[scan.format]}${scan.dims ? ` of ${scan.dims.join('x')} voxels` : ''}${scan.dtype ? ` (${scan.dtype})` : ''}`;
    if (formats.length && !formats.includes(scan.format)) {
      const input = graph.nodes.find((n) => specOf(n)?.reads);
      const reads = input && specOf(input)?.reads?.description;
      return [{ code: 'scan-mismatch', severity: 'error', nodeId: input?.id, message: `this pipeline reads ${reads ?? formats.map((f) => FORMAT_NAME[f]).join(' or ')}; the scan is ${what}` }];
    }
    if (!scan.dims) return [];
    before ??= new Set(validateGraph(graph, models).map(key));
    return validateGraph(graph, models, scan)
      .filter((i) => i.severity === 'error' && !before!.has(key(i)))
      .map((i) => ({ ...i, code: 'scan-mismatch', message: `the scan (${what}) does not fit: ${i.message}` }));
  };
}

const key = (i: Issue) => `${i.code}\u0000${i.nodeId ?? ''}\u0000${i.portId ?? ''}\u0000${i.message}`;
