import { desc, eq, inArray } from 'drizzle-orm';
import { datasets, datasetVersions, scans } from '../../drizzle/schema';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { getDatasetVersion, listDatasetCases, listDatasetVersions, type DatasetRow, type DatasetVersionRow } from './repo';
import { requireDataset } from './service';

/** What the studio shows of datasets (read by everyone in the workspace; see README "Labelled datasets"). */
const datasetDto = (d: DatasetRow, latest?: DatasetVersionRow) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  createdAt: d.createdAt.toISOString(),
  latestVersion: latest ? { id: latest.id, number: latest.number, caseCount: latest.caseCount } : null,
});

const versionDto = (v: DatasetVersionRow) => ({
  id: v.id,
  datasetId: v.datasetId,
  number: v.number,
  contentHash: v.contentHash,
  caseCount: v.caseCount,
  labelMapping: v.labelMapping,
  notes: v.notes,
  createdBy: v.createdBy,
  createdAt: v.createdAt.toISOString(),
});

export async function listDatasets(deps: ServiceDeps) {
  const rows = await deps.db.select().from(datasets).where(eq(datasets.workspaceId, scopeOf(deps).workspaceId)).orderBy(desc(datasets.createdAt));
  const versions = rows.length ? await deps.db.select().from(datasetVersions).where(inArray(datasetVersions.datasetId, rows.map((r) => r.id))) : [];
  const latest = new Map<string, DatasetVersionRow>();
  for (const v of versions) if ((latest.get(v.datasetId)?.number ?? 0) < v.number) latest.set(v.datasetId, v);
  return rows.map((r) => datasetDto(r, latest.get(r.id)));
}

export async function getDatasetDto(deps: ServiceDeps, id: string) {
  const d = await requireDataset(deps, id);
  const versions = await listDatasetVersions(deps.db, id);
  return { ...datasetDto(d, versions[0]), versions: versions.map(versionDto) };
}

/** A version of one of the caller's datasets, or NOT_FOUND. */
export async function requireDatasetVersion(deps: ServiceDeps, versionId: string): Promise<DatasetVersionRow> {
  const v = await getDatasetVersion(deps.db, versionId);
  if (!v) throw new ServiceError('NOT_FOUND', `dataset version ${versionId} not found`);
  await requireDataset(deps, v.datasetId);
  return v;
}

/** The cases of a version in upload order, with their scans' names and the reference's voxels per value. */
export async function listVersionCases(deps: ServiceDeps, versionId: string) {
  const v = await requireDatasetVersion(deps, versionId);
  const cases = await listDatasetCases(deps.db, v.id);
  const names = new Map(
    cases.length ? (await deps.db.select({ id: scans.id, name: scans.name, format: scans.format }).from(scans).where(inArray(scans.id, cases.map((c) => c.scanId)))).map((s) => [s.id, s]) : [],
  );
  return cases.map((c) => ({
    caseKey: c.caseKey,
    position: c.position,
    scanId: c.scanId,
    scanName: names.get(c.scanId)?.name ?? '',
    scanFormat: names.get(c.scanId)?.format ?? '',
    referenceFormat: c.referenceFormat,
    referenceSha256: c.referenceSha256,
    referenceCounts: c.referenceCounts,
  }));
}

export const datasetVersionDto = versionDto;
