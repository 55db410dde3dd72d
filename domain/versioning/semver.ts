import { DomainError } from '../errors';

/** Release versions of published pipelines: MAJOR.MINOR.PATCH only (no pre-release or build). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}
export type Bump = 'major' | 'minor' | 'patch';

const PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseSemver(text: string): SemVer {
  const m = PATTERN.exec(text);
  const parts = m?.slice(1).map(Number);
  if (!parts || parts.some((n) => !Number.isSafeInteger(n))) {
    throw new DomainError('INVALID_SEMVER', `"${text}" is not a version like 1.2.3`, { text });
  }
  return { major: parts[0], minor: parts[1], patch: parts[2] };
}

export const formatSemver = (v: SemVer) => `${v.major}.${v.minor}.${v.patch}`;

/** Negative, zero or positive like a sort comparator. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export function bumpSemver(version: string, part: Bump): string {
  const v = parseSemver(version);
  if (part === 'major') return formatSemver({ major: v.major + 1, minor: 0, patch: 0 });
  if (part === 'minor') return formatSemver({ major: v.major, minor: v.minor + 1, patch: 0 });
  return formatSemver({ ...v, patch: v.patch + 1 });
}

/** The version to publish next: the highest existing one bumped (from 0.0.0 for the first). */
export function nextSemver(existing: string[], part: Bump): string {
  const latest = existing.reduce((max, v) => (compareSemver(v, max) > 0 ? v : max), '0.0.0');
  return bumpSemver(latest, part);
}
