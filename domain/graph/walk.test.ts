import { describe, expect, it } from 'vitest';
import { graph } from '../validation/test-graphs';
import type { PlanStep } from './plan';
import { walkPlan, type WalkHost, type WalkMode } from './walk';

class WalkError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** A diamond a -> (b, c) -> d plus an independent e; each node outputs `<id>(<inputs>)`. */
const diamond = graph(
  [['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'x'], ['e', 'x']],
  ['a.o>b.i', 'a.o>c.i', 'b.o>d.l', 'c.o>d.r'],
);

/** Resolves after every pending microtask has run (a macrotask boundary, not a timer). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A host whose steps finish only when the test releases them, recording what it saw. */
function gatedHost(mode: WalkMode) {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  const host: WalkHost<string, string> = {
    mode,
    error: (code, message) => new WalkError(code, message),
    async run(step: PlanStep, inputs) {
      started.push(step.nodeId);
      await new Promise<void>((resolve) => gates.set(step.nodeId, resolve));
      const args = Object.keys(inputs).sort().map((k) => inputs[k]).join(',');
      return { outputs: { o: `${step.nodeId}(${args})` }, result: `${step.nodeId}:${args}` };
    },
  };
  /** Lets `id` finish, then waits until the walker has reacted (every pending microtask ran). */
  const release = async (id: string) => {
    gates.get(id)!();
    await settle();
  };
  return { host, started, release };
}

describe('walkPlan: the one plan walker', () => {
  it('concurrent: a node starts once its upstream nodes finished; independent branches overlap; results in plan order', async () => {
    const { host, started, release } = gatedHost('concurrent');
    const walked = walkPlan(diamond, host);
    await settle();
    expect(started.sort()).toEqual(['a', 'e']);
    await release('a');
    expect(started.slice(2).sort()).toEqual(['b', 'c']);
    await release('b');
    expect(started).not.toContain('d'); // d waits for c too
    await release('c');
    expect(started).toContain('d');
    await release('d');
    await release('e');
    expect(await walked).toEqual(['a:', 'b:a()', 'c:a()', 'd:b(a()),c(a())', 'e:']);
  });

  it('sequential: one step at a time, in plan order', async () => {
    const seen: string[] = [];
    const results = await walkPlan<string, string>(diamond, {
      mode: 'sequential',
      error: (code, message) => new WalkError(code, message),
      run: async (step, inputs) => {
        seen.push(step.nodeId);
        return { outputs: { o: step.nodeId + Object.values(inputs).join('') }, result: step.nodeId };
      },
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(results).toEqual(seen);
  });

  it('a cycle or an unbound input is the host error (BAD_NODE_INPUT) before or instead of running the step', async () => {
    const ran: string[] = [];
    const host = (mode: WalkMode): WalkHost<string, string> => ({
      mode,
      error: (code, message) => new WalkError(code, message),
      run: async (step) => (ran.push(step.nodeId), { outputs: {}, result: step.nodeId }),
    });
    const cyclic = graph([['a', 'x'], ['b', 'x']], ['a.o>b.i', 'b.o>a.i']);
    await expect(walkPlan(cyclic, host('sequential'))).rejects.toMatchObject({ code: 'BAD_NODE_INPUT', message: expect.stringContaining('cycle') });
    expect(ran).toEqual([]);
    const unbound = graph([['a', 'x'], ['b', 'x']], ['a.o>b.i']); // a outputs nothing on port o
    for (const mode of ['sequential', 'concurrent'] as const) {
      await expect(walkPlan(unbound, host(mode))).rejects.toMatchObject({ code: 'BAD_NODE_INPUT', message: 'input b.i has no value from a.o' });
    }
    expect(ran).toEqual(['a', 'a']);
  });

  it('concurrent: the first failure rejects the walk, and steps downstream of it never run', async () => {
    const ran: string[] = [];
    const failing = walkPlan<string, string>(diamond, {
      mode: 'concurrent',
      error: (code, message) => new WalkError(code, message),
      run: async (step) => {
        ran.push(step.nodeId);
        if (step.nodeId === 'b') throw new WalkError('BOOM', 'b failed');
        return { outputs: { o: step.nodeId }, result: step.nodeId };
      },
    });
    await expect(failing).rejects.toMatchObject({ code: 'BOOM' });
    expect(ran).not.toContain('d');
  });
});
