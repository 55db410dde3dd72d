import { readFile } from 'node:fs/promises';
import { deidentify, type DeidReport } from '../../runtimes/imaging/dicom/deid/deidentify';
import { deidMap } from '../../drizzle/schema';
import type { StagedBlob } from '../blobs/store';
import { recordAudit } from '../audit/service';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { sealSecret } from '../webhooks/secret-box';
import { deidConfig, deidKey, type DeidSettings } from './settings';

/** De-identification reads the whole instance into memory (twice, with dcmjs): this bounds it. */
export const DEID_MAX_BYTES = 512 * 1024 * 1024;

export interface PreparedIncoming {
  /** The blob to store: the de-identified copy, or the input itself when the workspace does not de-identify. */
  staged: StagedBlob;
  deidentified: boolean;
  /** Why the instance may carry burned-in text, when the workspace flags (rather than refuses) those. */
  burnedIn: string | null;
  /** Original -> new UID of every UID replaced (SOP Instance, Series, Study, references): for a STOW reply or an index. */
  uidMap: Record<string, string>;
}

/**
 * The one step every way DICOM comes in (upload, STOW-RS, C-STORE) goes through before it is
 * stored: in a workspace that de-identifies, a de-identified copy is staged and returned (the
 * caller still owns, and discards, both blobs); otherwise the input is returned as it is.
 * Refuses with DEID_BURNED_IN (before anything is stored) when the instance may have burned-in
 * annotation and the workspace refuses those; flags them (audited) otherwise.
 */
export async function prepareIncoming(deps: ServiceDeps, incoming: { staged: StagedBlob; fileName: string }): Promise<PreparedIncoming> {
  const { workspaceId } = scopeOf(deps);
  const config = await deidConfig(deps.db, workspaceId);
  if (!config?.settings.enabled) return { staged: incoming.staged, deidentified: false, burnedIn: null, uidMap: {} };
  return deidentifyStaged(deps, incoming.staged, incoming.fileName, { ...config, workspaceId });
}

export async function deidentifyStaged(
  deps: ServiceDeps,
  staged: StagedBlob,
  fileName: string,
  config: { settings: DeidSettings; key: Uint8Array; workspaceId: string },
): Promise<PreparedIncoming> {
  const { settings, key, workspaceId } = config;
  if (staged.size > DEID_MAX_BYTES) {
    throw new ServiceError('UPLOAD_TOO_LARGE', `${fileName} is larger than the de-identification limit (${DEID_MAX_BYTES} bytes)`, { file: fileName, limitBytes: DEID_MAX_BYTES });
  }
  const { bytes, report } = deidentify(new Uint8Array(await readFile(staged.tempPath)), {
    key,
    safePrivate: settings.safePrivate,
    retainLongitudinalModifiedDates: settings.retainDates,
    retainPatientCharacteristics: settings.retainPatientCharacteristics,
    cleanDescriptors: settings.cleanDescriptors,
  });
  if (report.burnedIn && settings.burnedIn === 'refuse') {
    throw new ServiceError('DEID_BURNED_IN', `${fileName} may have burned-in annotation (${report.burnedIn}); this workspace refuses such images`, { file: fileName, reason: report.burnedIn });
  }
  if (settings.reidentify) await keepMap(deps, workspaceId, report);
  const out = await deps.blobs.stage([bytes]);
  if (report.burnedIn) {
    await recordAudit(deps, { action: 'deid.burned-in-flagged', objectType: 'blob', objectId: out.sha256, workspaceId, details: { reason: report.burnedIn } });
  }
  return { staged: out, deidentified: true, burnedIn: report.burnedIn, uidMap: report.uids };
}

/** The sealed originals behind this instance's replacements (first writer wins: the mapping is deterministic). */
async function keepMap(deps: ServiceDeps, workspaceId: string, report: DeidReport) {
  const k = deidKey();
  const rows = [
    { workspaceId, kind: 'patient' as const, replacement: report.patient.pseudonym, original: sealSecret(JSON.stringify({ id: report.patient.id, name: report.patient.name }), 'p', k) },
    ...Object.entries(report.uids).map(([original, replacement]) => ({ workspaceId, kind: 'uid' as const, replacement, original: sealSecret(original, 'u', k) })),
  ];
  await deps.db.insert(deidMap).values(rows).onConflictDoNothing();
}
