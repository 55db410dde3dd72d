import type { PipelineGraph } from '../../domain/graph/schema';
import { scanIssues, type ScanFacts } from '../../domain/validation/scan-contract';
import type { ServiceDeps } from '../context';
import { scanInputInfo } from '../cost/service';
import { ServiceError } from '../errors';
import { loadModelLookup } from '../models/service';
import type { ScanRow } from '../scans/repo';

/**
 * Refuses a scan the pipeline cannot take (wrong format, a shape its fixed-size model does
 * not accept) before anything is written or run, in words: SCAN_MISMATCH with the issues.
 * Dims come from the scan's header (the cost estimate's reader, cached per scan).
 */
export async function preflightScan(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph, scan: ScanRow, workspaceId: string): Promise<void> {
  // A header that cannot be read leaves the shape unknown: the format is still checked, and the
  // input node reports what is wrong with the file, with its code, when the run reads it.
  const dims = await scanInputInfo(deps, scan).then((i) => i.dims, () => undefined);
  const facts: ScanFacts = { format: scan.format, dims };
  const issues = scanIssues(graph, await loadModelLookup(deps, workspaceId), facts);
  if (issues.length) throw new ServiceError('SCAN_MISMATCH', issues.map((i) => i.message).join('; '), { issues });
}
