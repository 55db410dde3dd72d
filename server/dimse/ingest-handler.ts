import type { ServiceDeps } from '../context';
import { ingestInstance } from '../dicom-store/ingest';
import { mapError } from '../errors';
import { STORE_STATUS } from './negotiate';
import type { StoreHandler, StoreVerdict } from './scp';

/** Data Set does not match SOP Class (PS3.4 B.2.3): stored, with a warning. */
const WARNING_MISMATCH = 0xb007;

/**
 * The C-STORE status of an instance the store refused, by the error's stable code: unreadable
 * -> C000 Cannot understand; unsupported -> 0122 SOP class not supported; too large or the
 * database out of reach (retry later) -> A700 Out of resources; anything else -> 0110.
 */
export function verdictOf(e: unknown): StoreVerdict {
  const { client, http } = mapError(e);
  const comment = client.message;
  switch (client.code) {
    case 'CORRUPT_UPLOAD':
    case 'TRUNCATED_UPLOAD':
    case 'EMPTY_UPLOAD':
    case 'DICOM_PARSE':
      return { status: STORE_STATUS.cannotUnderstand, comment };
    case 'DICOM_UNSUPPORTED':
    case 'UNSUPPORTED_UPLOAD':
      return { status: STORE_STATUS.sopClassNotSupported, comment };
    case 'VOLUME_TOO_LARGE':
    case 'UPLOAD_TOO_LARGE':
    case 'DATABASE_UNAVAILABLE':
    case 'SHUTTING_DOWN':
      return { status: STORE_STATUS.outOfResources, comment };
    default:
      return { status: http === 503 ? STORE_STATUS.outOfResources : STORE_STATUS.processingFailure, comment };
  }
}

/**
 * The listener's handler: each received instance goes into the DICOM index of the caller's
 * workspace as a system principal named after the calling AE (`dimse:<AET>`), which the audit
 * log records. Ingest reads and checks the file before committing anything.
 */
export function ingestHandler(base: ServiceDeps): StoreHandler {
  return async (ctx, instance) => {
    const id = `dimse:${ctx.callingAet}`;
    const deps: ServiceDeps = {
      ...base,
      principal: { kind: 'system', id, workspaceId: ctx.workspaceId },
      audit: { actor: { type: 'system', id }, origin: { workspaceId: ctx.workspaceId } },
    };
    try {
      const stored = await ingestInstance(deps, { staged: instance.staged, source: 'dimse', sender: ctx.callingAet });
      if (stored.sopClassUid !== instance.sopClassUid || stored.sopInstanceUid !== instance.sopInstanceUid) {
        return { status: WARNING_MISMATCH, comment: `dataset is ${stored.sopClassUid} ${stored.sopInstanceUid}, command named ${instance.sopClassUid} ${instance.sopInstanceUid}` };
      }
      return { status: STORE_STATUS.success };
    } catch (e) {
      return verdictOf(e);
    }
  };
}
