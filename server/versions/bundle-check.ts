import { ServiceError } from '../errors';

/** The refusals every reader of a version bundle shares: a malformed file, or one that disagrees with the manifest. */
export const invalid = (message: string, details: Record<string, unknown>) => new ServiceError('BUNDLE_INVALID', message, details);
export const tampered = (message: string, details: Record<string, unknown>) => new ServiceError('BUNDLE_TAMPERED', message, details);

export function checkHash(file: string, actual: string, expected: string) {
  if (actual !== expected) throw tampered(`${file} does not match its sha256 in the manifest`, { file, problem: 'hash', expected, actual });
}

export function parseJson(file: string, bytes: Uint8Array | undefined): unknown {
  if (!bytes) throw invalid(`the bundle has no ${file}`, { file });
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid(`${file} is not UTF-8 JSON`, { file });
  }
}
