import { describe, expect, it } from 'vitest';
import { graph } from '../validation/test-graphs';
import { planChains } from './chains';
import { planExecution, type PlanStep } from './plan';
import type { PipelineGraph } from './schema';

const steps = (g: PipelineGraph): PlanStep[] => {
  const plan = planExecution(g);
  if ('cycle' in plan) throw new Error('cycle');
  return plan.steps;
};
/** The distinct chains, each as its node ids joined by '>'. */
const chains = (g: PipelineGraph, queueOf?: (id: string) => string | undefined) => [...new Set(planChains(steps(g), queueOf).values())].map((c) => c.join('>'));

describe('planChains', () => {
  it('runs a straight line as one chain', () => {
    expect(chains(graph([['a', 'x'], ['b', 'x'], ['c', 'x']], ['a.o>b.i', 'b.o>c.i']))).toEqual(['a>b>c']);
  });

  it('joins a source to the model chain when its other reader needs the chain anyway; ends at a branch, starts at a join (the demo pipeline shape)', () => {
    const demo = graph(
      [['input', 'x'], ['normalize', 'x'], ['model', 'x'], ['argmax', 'x'], ['labels', 'x'], ['volumes', 'x'], ['report', 'x'], ['overlay', 'x']],
      ['input.o>normalize.i', 'normalize.o>model.i', 'model.o>argmax.i', 'argmax.o>labels.i', 'argmax.o>volumes.i', 'volumes.o>report.i', 'input.o>overlay.a', 'argmax.o>overlay.b'],
    );
    expect(chains(demo).sort()).toEqual(['input>normalize>model>argmax', 'labels', 'overlay', 'volumes>report'].sort());
  });

  it('keeps independent branches apart (no parallelism lost)', () => {
    // c reads a but not b: it could run beside b, so b does not join a's chain.
    expect(chains(graph([['a', 'x'], ['b', 'x'], ['c', 'x']], ['a.o>b.i', 'a.o>c.i'])).sort()).toEqual(['a', 'b', 'c']);
    // d reads a and (through b, c) the chain's end: a>b>c, then d.
    expect(chains(graph([['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'x']], ['a.o>b.i', 'b.o>c.i', 'a.o>d.l', 'c.o>d.r']))).toEqual(['a>b>c', 'd']);
  });

  it('keeps a step reading two outputs of the one step before it in that chain', () => {
    expect(chains(graph([['a', 'x'], ['b', 'x']], ['a.o>b.i', 'a.p>b.j']))).toEqual(['a>b']);
  });

  it('breaks a chain where the queue changes (model nodes on an accelerator queue)', () => {
    const g = graph([['a', 'x'], ['m', 'x'], ['n', 'x'], ['b', 'x']], ['a.o>m.i', 'm.o>n.i', 'n.o>b.i']);
    expect(chains(g, (id) => (id === 'm' || id === 'n' ? 'gpu' : undefined))).toEqual(['a', 'm>n', 'b']);
  });

  it('gives every step of a diamond its own chain, and unconnected steps theirs', () => {
    const diamond = graph([['a', 'x'], ['b', 'x'], ['c', 'x'], ['d', 'x'], ['e', 'x']], ['a.o>b.i', 'a.o>c.i', 'b.o>d.l', 'c.o>d.r']);
    expect(chains(diamond).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
