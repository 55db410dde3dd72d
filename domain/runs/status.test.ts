import { describe, expect, it } from 'vitest';
import { FINISHED_STATUSES, NODE_STATUSES, NodeStatusSchema, RUN_STATUSES, RunStatusSchema, isFinished } from './status';

describe('run and node statuses', () => {
  it('are finished exactly when terminal, for runs and nodes alike', () => {
    expect(RUN_STATUSES.filter(isFinished)).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(NODE_STATUSES.filter(isFinished)).toEqual([...FINISHED_STATUSES]);
    for (const s of ['queued', 'pending', 'running', 'skipped', '']) expect(isFinished(s)).toBe(false);
  });

  it('a run waits queued, a node pending: the schemas tell them apart', () => {
    expect(RunStatusSchema.safeParse('queued').success).toBe(true);
    expect(RunStatusSchema.safeParse('pending').success).toBe(false);
    expect(NodeStatusSchema.safeParse('pending').success).toBe(true);
    expect(NodeStatusSchema.safeParse('queued').success).toBe(false);
  });
});
