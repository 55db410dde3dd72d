import { and, eq } from 'drizzle-orm';
import { datasets, datasetVersions } from '../../drizzle/schema';
import { pgErrorOf, UNIQUE_VIOLATION } from '../../drizzle/pg-error';
import type { LabelMapping } from '../../domain/evaluation/types';
import { appendAudit, audited, auditEvent } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { CommittedBlob, StagedBlob } from '../blobs/store';
import { removeOrphansOf } from '../blobs/sweeper';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { newId } from '../ids';
import { scanUploaded, storePreparedScan } from '../scans/service';
import { prepareDicomCase, prepareNiftiCase, type PreparedCase } from './cases';
import { DATASET_LIMITS, defaultLabelMapping, parseLabelMapping } from './mapping';
import { pairDatasetFiles } from './pairing';
import { datasetContentHash, getDataset, insertDataset, insertDatasetVersion, type DatasetRow, type DatasetVersionRow } from './repo';

/** The caller's dataset, or NOT_FOUND (another workspace's included). */
export async function requireDataset(deps: ServiceDeps, id: string): Promise<DatasetRow> {
  const row = await getDataset(deps.db, id);
  if (!row || row.workspaceId !== scopeOf(deps).workspaceId) throw new ServiceError('NOT_FOUND', `dataset ${id} not found`);
  return row;
}

/** A new, empty dataset; the name is unique per workspace (DATASET_EXISTS). */
export async function createDataset(deps: ServiceDeps, args: { name: string; description?: string }): Promise<DatasetRow> {
  const { workspaceId, ownerId } = scopeOf(deps);
  const name = args.name.trim();
  try {
    return await audited(
      deps,
      (tx) => insertDataset(tx, { id: newId('ds'), workspaceId, name, description: args.description?.trim() ?? '', createdBy: ownerId }),
      (d) => ({ action: 'dataset.created', objectType: 'dataset', objectId: d.id }),
    );
  } catch (e) {
    if (pgErrorOf(e)?.code === UNIQUE_VIOLATION) throw new ServiceError('DATASET_EXISTS', `a dataset named "${name}" already exists in this workspace`, { name });
    throw e;
  }
}

/** One uploaded file of a version, staged (not addressable), with its path relative to the uploaded folder or zip. */
export interface DatasetFile {
  path: string;
  staged: StagedBlob;
}

/**
 * A new version from uploaded files: paired by name (pairing.ts), the limits and the mapping
 * checked before any volume is read, each case's scan prepared as an ordinary scan (de-identified
 * when the workspace does) and its reference placed on the scan's grid; then everything is
 * committed in one transaction. Identical content is refused (DATASET_VERSION_EXISTS). The
 * caller's staged files are discarded here on every path.
 */
export async function addDatasetVersion(
  deps: ServiceDeps,
  args: { datasetId: string; files: DatasetFile[]; labelMapping?: string; notes?: string },
): Promise<DatasetVersionRow> {
  const prepared: PreparedCase[] = [];
  try {
    const dataset = await requireDataset(deps, args.datasetId);
    const pairing = pairDatasetFiles(args.files.map((f) => f.path));
    const count = pairing.nifti.length + pairing.dicom.length;
    if (count > DATASET_LIMITS.maxCases) throw new ServiceError('DATASET_TOO_LARGE', `the upload holds ${count} cases (limit ${DATASET_LIMITS.maxCases})`, { cases: count, limit: DATASET_LIMITS.maxCases });
    const given = args.labelMapping?.trim() ? parseLabelMapping(args.labelMapping) : undefined;
    const staged = new Map(args.files.map((f) => [f.path.replace(/\\/g, '/').replace(/^(\.?\/)+/, ''), f.staged]));
    for (const c of pairing.nifti) prepared.push(await prepareNiftiCase(deps, c, staged));
    for (const c of pairing.dicom) prepared.push(await prepareDicomCase(deps, c, staged));
    const values = new Set(prepared.flatMap((c) => Object.keys(c.counts).map(Number)));
    if (values.size > DATASET_LIMITS.maxLabelValues) throw new ServiceError('DATASET_REFERENCE_INVALID', `the references hold ${values.size} distinct values (limit ${DATASET_LIMITS.maxLabelValues})`, { values: values.size });
    const labelMapping = given ?? defaultLabelMapping(values);
    return await store(deps, dataset, prepared, labelMapping, args.notes ?? '');
  } finally {
    await Promise.all([...args.files.map((f) => f.staged), ...prepared.flatMap((c) => c.made)].map((b) => b.discard()));
  }
}

async function store(deps: ServiceDeps, dataset: DatasetRow, cases: PreparedCase[], labelMapping: LabelMapping, notes: string): Promise<DatasetVersionRow> {
  const contentHash = await datasetContentHash(
    cases.map((c) => ({ caseKey: c.key, scanSha256s: c.scan.row.files.map((f) => f.sha256), referenceSha256: c.labelMap.sha256 })),
    labelMapping,
  );
  const existing = async () => {
    const [row] = await deps.db.select({ number: datasetVersions.number }).from(datasetVersions).where(and(eq(datasetVersions.datasetId, dataset.id), eq(datasetVersions.contentHash, contentHash)));
    if (row) throw new ServiceError('DATASET_VERSION_EXISTS', `version ${row.number} of this dataset has identical content`, { number: row.number, contentHash });
  };
  await existing();
  const committed: CommittedBlob[] = [];
  try {
    return await audited(
      deps,
      async (tx) => {
        const rows = [];
        for (const c of cases) {
          const scan = await storePreparedScan(tx, c.scan, committed);
          await appendAudit(tx, auditEvent(deps, scanUploaded(scan)));
          for (const f of c.referenceFiles) committed.push(await f.staged.commit());
          committed.push(await c.labelMap.commit());
          rows.push({
            caseKey: c.key,
            scanId: scan.id,
            referenceFormat: c.referenceFormat,
            referenceFiles: c.referenceFiles.map((f) => ({ sha256: f.staged.sha256, name: f.fileName, size: f.staged.size })),
            referenceSha256: c.labelMap.sha256,
            referenceCounts: c.counts,
          });
        }
        const id = newId('dsv');
        return insertDatasetVersion(tx, { id, datasetId: dataset.id, contentHash, labelMapping, notes, createdBy: scopeOf(deps).ownerId }, rows);
      },
      (v) => ({ action: 'dataset.version-added', objectType: 'dataset-version', objectId: v.id, details: { datasetId: dataset.id, number: v.number, caseCount: v.caseCount, contentHash } }),
    );
  } catch (e) {
    await removeOrphansOf(deps, committed);
    if (pgErrorOf(e)?.code === UNIQUE_VIOLATION) await existing();
    throw e;
  }
}
