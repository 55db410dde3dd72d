import { describe, expect, it } from 'vitest';
import { graph } from '../validation/test-graphs';
import { nodesOnCycles, reaches } from './cycles';

describe('cycles', () => {
  it('finds only the nodes on a cycle, not those downstream of it', () => {
    const g = graph(
      [['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'x'], ['e', 'x']],
      ['a.o>b.i', 'b.o>c.i', 'c.o>b.j', 'c.o>d.i', 'e.o>e.i'],
    );
    expect(nodesOnCycles(g)).toEqual(['b', 'c', 'e']);
    expect(nodesOnCycles(graph([['a', 'x'], ['b', 'x']], ['a.o>b.i', 'a.o>ghost.i']))).toEqual([]);
  });

  it('reachability', () => {
    const g = graph([['a', 'x'], ['b', 'x'], ['c', 'x']], ['a.o>b.i', 'b.o>c.i']);
    expect(reaches(g, 'a', 'c')).toBe(true);
    expect(reaches(g, 'c', 'a')).toBe(false);
    expect(reaches(g, 'b', 'b')).toBe(true);
  });
});
