import { describe, expect, it } from 'vitest';
import { gateVariant } from './variant-gate';

describe('gateVariant', () => {
  it('accepts at or above the threshold on every label, rejects naming each label below', () => {
    expect(gateVariant([1, 0.98, 0.99], 0.98)).toMatchObject({ status: 'accepted', failing: [] });
    expect(gateVariant([1, 0.97, 0.5], 0.98)).toMatchObject({ status: 'rejected', failing: [{ label: 1 }, { label: 2 }], reason: 'Dice 1 0.970 < 0.98, Dice 2 0.500 < 0.98' });
  });

  it('never shows a failing Dice rounded up to the threshold', () => {
    expect(gateVariant([0.97996], 0.98).reason).toBe('Dice 0 0.97996 < 0.98');
  });

  it('an unmeasured (NaN) Dice fails rather than passing every comparison', () => {
    expect(gateVariant([1, Number.NaN], 0.98)).toMatchObject({ status: 'rejected', failing: [{ label: 1 }] });
  });
});
