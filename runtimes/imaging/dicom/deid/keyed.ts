import { createHmac } from 'node:crypto';

/**
 * Replacement values derived from a secret key (the workspace's) with HMAC-SHA256: the same
 * original gives the same replacement under one key, so instances de-identified separately still
 * belong together (series, studies, SEG references, one patient's studies); without the key
 * nobody can recompute the mapping from a guessed original (an unkeyed hash would allow that).
 */
const mac = (key: Uint8Array, domain: string, value: string) => createHmac('sha256', key).update(`${domain}\0${value}`).digest();

/**
 * A UID under the 2.25 root (ITU-T X.667): the decimal of a 128-bit value laid out as a version 8
 * (custom) UUID, at most 44 characters.
 */
export function keyedUid(key: Uint8Array, uid: string): string {
  const b = mac(key, 'uid', uid.replace(/\0+$/, '').trim()).subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${b.toString('hex')}`).toString(10)}`;
}

/** The pseudonym of a patient: "ANON" + 12 hex digits (fits SH, LO and PN). */
export function keyedPatient(key: Uint8Array, patientId: string): string {
  return `ANON${mac(key, 'patient', patientId.trim()).subarray(0, 6).toString('hex').toUpperCase()}`;
}

/** The date shift of a patient: between 1 and 3650 days back, the same for all of that patient's instances. */
export function keyedDateShift(key: Uint8Array, patientId: string): number {
  return -(1 + (mac(key, 'date-shift', patientId.trim()).readUInt32BE(0) % 3650));
}
