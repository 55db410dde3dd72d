import { describe, expect, it } from 'vitest';
import { diffGraphs } from '../../../domain/versioning/diff';
import { graph } from '../../../domain/validation/test-graphs';
import { defaultPair, sideStatuses } from './diff-status';

describe('sideStatuses', () => {
  const a = graph([['in', 'input.nifti'], ['n', 'pre.normalize', { method: 'min-max' }], ['old', 'pre.tile']], ['in.volume>n.volume', 'n.volume>old.volume']);
  const b = graph([['in', 'input.nifti'], ['n', 'pre.normalize', { method: 'z-score' }], ['new', 'pre.crop-pad']], ['in.volume>n.volume', 'n.volume>new.volume']);
  const d = diffGraphs(a, b);

  it('marks removed items on the from side and added items on the to side; changed on both', () => {
    const from = sideStatuses(d, 'from');
    const to = sideStatuses(d, 'to');
    expect(Object.fromEntries(from.nodes)).toEqual({ n: 'changed', old: 'removed' });
    expect(Object.fromEntries(to.nodes)).toEqual({ n: 'changed', new: 'added' });
    expect(Object.fromEntries(from.edges)).toEqual({ 'n.volume->old.volume': 'removed' });
    expect(Object.fromEntries(to.edges)).toEqual({ 'n.volume->new.volume': 'added' });
  });
});

describe('defaultPair', () => {
  it('compares the active version with the one before it, else the two newest', () => {
    const vs = [{ id: 'v3', active: false }, { id: 'v2', active: true }, { id: 'v1', active: false }];
    expect(defaultPair(vs)).toEqual({ from: 'v1', to: 'v2' });
    expect(defaultPair([{ id: 'v2', active: false }, { id: 'v1', active: true }])).toEqual({ from: 'v2', to: 'v1' });
    expect(defaultPair([{ id: 'v1', active: true }])).toEqual({ from: undefined, to: 'v1' });
  });
});
