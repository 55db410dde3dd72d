import { describe, expect, it } from 'vitest';
import { OFF_SITE_NEXT } from '../../test/open-redirect';
import { safeNextPath } from './next-path';


describe('security: safeNextPath (open redirect after sign-in)', () => {
  it.each(OFF_SITE_NEXT)('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('refuses anything that is not a string', () => {
    for (const v of [undefined, null, 1, ['/runs'], { a: 1 }]) expect(safeNextPath(v)).toBe('/');
  });

  it('keeps same-origin paths with query and hash', () => {
    expect(safeNextPath('/runs')).toBe('/runs');
    expect(safeNextPath('/pipelines/p_1?tab=versions#v2')).toBe('/pipelines/p_1?tab=versions#v2');
    expect(safeNextPath('/settings?next=%2Fruns')).toBe('/settings?next=%2Fruns');
    expect(safeNextPath('/')).toBe('/');
  });

  it('returns the re-serialised path, never the raw input', () => {
    expect(safeNextPath('/a/../runs')).toBe('/runs');
  });
});
