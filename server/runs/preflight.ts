import type { PipelineGraph } from '../../domain/graph/schema';
import { scanChecker, scanIssues, type ScanFacts } from '../../domain/validation/scan-contract';
import type { ServiceDeps } from '../context';
import { scanInputInfo } from '../cost/service';
import { ServiceError } from '../errors';
import { loadModelLookup } from '../models/service';
import { listScans, type ScanRow } from '../scans/repo';
import { scopeOf } from '../auth/scope';
import { requireVersion } from '../versions/service';

/**
 * What the preflight knows of a stored scan. A header that cannot be read leaves the shape
 * unknown: the format is still checked, and the input node reports what is wrong with the file,
 * with its code, when the run reads it.
 */
async function factsOf(deps: Pick<ServiceDeps, 'blobs'>, scan: ScanRow): Promise<ScanFacts> {
  const dims = scan.files.length ? await scanInputInfo(deps, scan).then((i) => i.dims, () => undefined) : undefined;
  return { format: scan.format, dims };
}

/**
 * Which of the caller's stored scans a published version can run on, compatible first (then
 * newest first), each incompatible one with the reason in words: what the launcher lists.
 */
export async function scanCompatibility(deps: ServiceDeps, versionId: string) {
  const version = await requireVersion(deps, versionId);
  const check = scanChecker(version.graph, await loadModelLookup(deps));
  const scans = (await listScans(deps.db, scopeOf(deps))).filter((s) => s.files.length > 0);
  const rows = await Promise.all(
    scans.map(async (s) => {
      const issues = check(await factsOf(deps, s));
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
  const issues = scanIssues(graph, await loadModelLookup(deps, workspaceId), await factsOf(deps, scan));
  if (issues.length) throw new ServiceError('SCAN_MISMATCH', issues.map((i) => i.message).join('; '), { issues });
}
