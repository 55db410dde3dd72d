import type { PipelineGraph } from '../../domain/graph/schema';
import { scanIssues, type ScanFacts } from '../../domain/validation/scan-contract';
import type { ServiceDeps } from '../context';
import { scanInputInfo } from '../cost/service';
import { ServiceError } from '../errors';
import { loadModelLookup } from '../models/service';
import { listScans, type ScanRow } from '../scans/repo';
import { scopeOf } from '../auth/scope';
import { requireVersion } from '../versions/service';
import type { ModelLookup } from '../../domain/models/signature';

async function issuesFor(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph, scan: ScanRow, lookup: ModelLookup) {
  // A header that cannot be read leaves the shape unknown: the format is still checked, and the
  // input node reports what is wrong with the file, with its code, when the run reads it.
  const dims = scan.files.length ? await scanInputInfo(deps, scan).then((i) => i.dims, () => undefined) : undefined;
  const facts: ScanFacts = { format: scan.format, dims };
  return scanIssues(graph, lookup, facts);
}

/**
 * Which of the caller's stored scans a published version can run on, compatible first (then
 * newest first), each incompatible one with the reason in words: what the launcher lists.
 */
export async function scanCompatibility(deps: ServiceDeps, versionId: string) {
  const version = await requireVersion(deps, versionId);
  const lookup = await loadModelLookup(deps);
  const scans = (await listScans(deps.db, scopeOf(deps))).filter((s) => s.files.length > 0);
  const rows = await Promise.all(
    scans.map(async (s) => {
      const issues = await issuesFor(deps, version.graph, s, lookup);
      return { scanId: s.id, compatible: issues.length === 0, ...(issues.length ? { reason: issues[0].message } : {}) };
    }),
  );
  return [...rows.filter((r) => r.compatible), ...rows.filter((r) => !r.compatible)];
}

/**
 * Refuses a scan the pipeline cannot take (wrong format, a shape its fixed-size model does
 * not accept) before anything is written or run, in words: SCAN_MISMATCH with the issues.
 * Dims come from the scan's header (the cost estimate's reader, cached per scan).
 */
export async function preflightScan(deps: Pick<ServiceDeps, 'db' | 'blobs' | 'principal'>, graph: PipelineGraph, scan: ScanRow, workspaceId: string): Promise<void> {
  const issues = await issuesFor(deps, graph, scan, await loadModelLookup(deps, workspaceId));
  if (issues.length) throw new ServiceError('SCAN_MISMATCH', issues.map((i) => i.message).join('; '), { issues });
}
