import { describe, expect, it } from 'vitest';
import { validateGraph, validatePipeline } from '../validation/validate';
import { nodesOnCycles } from './cycles';
import { assertGraphSize, GRAPH_LIMITS, graphSizeError } from './limits';
import { planExecution } from './plan';
import { chainGraph } from '../validation/test-graphs';

const noModels = () => undefined;

describe('security: graph size limits and iterative walks', () => {
  it('refuses 10,000 and 100,000 nodes, too many edges, too much JSON and deep nesting with GRAPH_TOO_LARGE', () => {
    expect(graphSizeError(chainGraph(10_000))).toMatchObject({ code: 'GRAPH_TOO_LARGE', details: { what: 'nodes', actual: 10_000, limit: GRAPH_LIMITS.nodes } });
    const t0 = performance.now();
    expect(() => assertGraphSize(chainGraph(100_000))).toThrow(/nodes 100000 > 500/);
    expect(performance.now() - t0).toBeLessThan(1000);
    const edges = chainGraph(10);
    edges.edges = Array.from({ length: 2001 }, (_, i) => ({ id: `x${i}`, source: { node: 'n0', port: 'volume' }, target: { node: 'n1', port: 'volume' } }));
    expect(graphSizeError(edges)?.details).toMatchObject({ what: 'edges' });
    const fat = chainGraph(3);
    fat.description = 'x'.repeat(GRAPH_LIMITS.jsonBytes);
    expect(graphSizeError(fat)?.details).toMatchObject({ what: 'jsonBytes' });
    const deep = chainGraph(2);
    let v: Record<string, unknown> = {};
    deep.nodes[1].params = v;
    for (let i = 0; i < 100_000; i++) v = v.a = {};
    expect(graphSizeError(deep)?.details).toMatchObject({ what: 'depth' });
  });

  it('validation reports an oversized graph as one issue instead of walking it', () => {
    const t0 = performance.now();
    expect(validatePipeline(chainGraph(100_000), noModels)).toEqual([expect.objectContaining({ code: 'graph-too-large', severity: 'error' })]);
    expect(validateGraph(chainGraph(100_000), noModels)[0].code).toBe('graph-too-large');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a graph at the cap (500-node chain) validates, plans and finds cycles quickly', () => {
    const atCap = chainGraph(GRAPH_LIMITS.nodes);
    expect(graphSizeError(atCap)).toBeUndefined();
    validatePipeline(chainGraph(20), noModels); // warm the JIT: the bound is about the graph's size
    const t0 = performance.now();
    const issues = validatePipeline(atCap, noModels);
    const ms = performance.now() - t0;
    console.info(`500-node chain validated in ${ms.toFixed(1)} ms`);
    expect(issues.some((i) => i.code === 'graph-too-large' || i.code === 'cycle')).toBe(false);
    expect(ms).toBeLessThan(500);
    expect('steps' in planExecution(atCap) && planExecution(atCap)).toBeTruthy();
  });

  it('walks are iterative: a 50,000-node chain (beyond the cap, as a direct call) neither overflows the stack nor takes quadratic time', () => {
    const long = chainGraph(50_000, true);
    const t0 = performance.now();
    expect(nodesOnCycles(long)).toHaveLength(49_999);
    const plan = planExecution(chainGraph(50_000));
    expect('steps' in plan && plan.steps.length).toBe(50_000);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
