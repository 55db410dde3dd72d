import { describe, expect, it } from 'vitest';
import { bumpSemver, compareSemver, formatSemver, nextSemver, parseSemver } from './semver';

describe('semver', () => {
  it('parses and formats MAJOR.MINOR.PATCH', () => {
    expect(parseSemver('10.2.0')).toEqual({ major: 10, minor: 2, patch: 0 });
    expect(formatSemver({ major: 1, minor: 0, patch: 7 })).toBe('1.0.7');
  });

  it.each(['1.2', '01.2.3', '1.2.3-beta', 'v1.2.3', '', '1.2.99999999999999999999'])('rejects %j with INVALID_SEMVER', (text) => {
    expect(() => parseSemver(text)).toThrow(expect.objectContaining({ code: 'INVALID_SEMVER' }));
  });

  it('compares numerically, not as text', () => {
    expect(compareSemver('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareSemver('2.0.0', '2.0.0')).toBe(0);
    expect(['1.0.10', '0.9.0', '1.0.2'].sort(compareSemver)).toEqual(['0.9.0', '1.0.2', '1.0.10']);
  });

  it('bumps and resets lower parts', () => {
    expect(bumpSemver('1.2.3', 'major')).toBe('2.0.0');
    expect(bumpSemver('1.2.3', 'minor')).toBe('1.3.0');
    expect(bumpSemver('1.2.3', 'patch')).toBe('1.2.4');
  });

  it('next version bumps the highest existing one', () => {
    expect(nextSemver([], 'major')).toBe('1.0.0');
    expect(nextSemver(['1.0.0', '1.10.0', '1.9.0'], 'patch')).toBe('1.10.1');
  });
});
