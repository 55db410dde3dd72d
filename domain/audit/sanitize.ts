import { DomainError } from '../errors';
import { canonicalJson } from '../versioning/canonical';
import { AUDIT_DETAILS_MAX_BYTES, type AuditDetails } from './events';

/** Keys that would put patient identity into the log (DICOM PatientName, PatientID, ...). */
const PATIENT_KEY = /patient|birth/i;

/**
 * Refuses details that could leak pixel data or patient identity: typed arrays and other
 * non-JSON values (canonicalJson throws), anything over AUDIT_DETAILS_MAX_BYTES, and keys
 * naming patient data at any depth. A refusal is a programming error in the caller.
 */
export function assertSafeDetails(details: AuditDetails): void {
  const json = canonicalJson(details);
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > AUDIT_DETAILS_MAX_BYTES) {
    throw new DomainError('INVALID_AUDIT_EVENT', `audit details are ${bytes} bytes (max ${AUDIT_DETAILS_MAX_BYTES}): record references, not data`);
  }
  const visit = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (PATIENT_KEY.test(k)) throw new DomainError('INVALID_AUDIT_EVENT', `audit details must not carry patient data (${path}${k})`);
      visit(child, `${path}${k}.`);
    }
  };
  visit(details, '');
}
