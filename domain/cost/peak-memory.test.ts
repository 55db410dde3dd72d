import { describe, expect, it } from 'vitest';
import { peakMemory } from './peak-memory';

describe('peakMemory (live values along the plan order)', () => {
  it('holds a value until its last reader has run, then releases it', () => {
    // a -> b -> c, and a is read again by c: a stays live through c.
    const steps = [
      { nodeId: 'a', outputBytes: 100, reads: [], workingBytes: 50 },
      { nodeId: 'b', outputBytes: 10, reads: ['a'], workingBytes: 0 },
      { nodeId: 'c', outputBytes: 1, reads: ['a', 'b'], workingBytes: 1000 },
      { nodeId: 'd', outputBytes: 5, reads: ['c'], workingBytes: 0 },
    ];
    expect(peakMemory(steps)).toEqual({ peakBytes: 100 + 10 + 1 + 1000, atNodeId: 'c' });
    // d runs with only c's output live (a and b were released after c).
    expect(peakMemory(steps.map((s) => (s.nodeId === 'c' ? { ...s, workingBytes: 0 } : s))).peakBytes).toBe(150);
  });

  it('releases outputs nobody reads after their own step', () => {
    const steps = [
      { nodeId: 'in', outputBytes: 8, reads: [], workingBytes: 0 },
      { nodeId: 'png', outputBytes: 1000, reads: ['in'], workingBytes: 0 },
      { nodeId: 'seg', outputBytes: 2, reads: ['in'], workingBytes: 0 },
    ];
    expect(peakMemory(steps)).toEqual({ peakBytes: 1008, atNodeId: 'png' });
    expect(peakMemory([])).toEqual({ peakBytes: 0, atNodeId: '' });
  });
});
