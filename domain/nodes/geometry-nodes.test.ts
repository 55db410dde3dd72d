import { describe, expect, it } from 'vitest';
import { graph, noModels } from '../validation/test-graphs';
import { validatePipeline } from '../validation/validate';

/** input -> [geometry node] -> threshold -> output, with `params` on the geometry node. */
const through = (kind: string, params: Record<string, unknown>, extraEdges: Parameters<typeof graph>[1] = []) =>
  graph(
    [['in', 'input.nifti'], ['g', kind, params], ['th', 'post.threshold'], ['out', 'output.nifti-labels']],
    ['in.volume>g.volume', 'g.volume>th.tensor', 'th.labels>out.labels', ...extraEdges],
  );

describe('pre.reorient and pre.resample specs', () => {
  it('take any of the 48 orientation codes and refuse others with the zod path', () => {
    expect(validatePipeline(through('pre.reorient', { orientation: 'RAS' }), noModels)).toEqual([]);
    const bad = validatePipeline(through('pre.reorient', { orientation: 'RAR' }), noModels);
    expect(bad).toEqual([expect.objectContaining({ code: 'bad-params', nodeId: 'g' })]);
  });

  it('resample to a reference grid needs the reference port connected', () => {
    const alone = validatePipeline(through('pre.resample', { target: 'reference' }), noModels);
    expect(alone).toEqual([expect.objectContaining({ code: 'unconnected-input', nodeId: 'g', portId: 'reference' })]);
    expect(validatePipeline(through('pre.resample', { target: 'reference' }, ['in.volume>g.reference']), noModels)).toEqual([]);
    expect(validatePipeline(through('pre.resample', { target: 'spacing', spacing: [0.8, 1, 1.5] }), noModels)).toEqual([]);
    expect(validatePipeline(through('pre.resample', { spacing: [0, 1, 1] }), noModels)[0]).toMatchObject({ code: 'bad-params' });
  });

  it('post.to-input-grid needs labels, probabilities or both', () => {
    const g = graph(
      [['in', 'input.nifti'], ['th', 'post.threshold'], ['back', 'post.to-input-grid'], ['out', 'output.nifti-labels']],
      ['in.volume>th.tensor', 'in.volume>back.reference', 'back.labels>out.labels'],
    );
    expect(validatePipeline(g, noModels)).toEqual([expect.objectContaining({ code: 'unconnected-input', nodeId: 'back', portId: 'labels' })]);
    g.edges.push({ id: 'e9', source: { node: 'th', port: 'labels' }, target: { node: 'back', port: 'labels' } });
    expect(validatePipeline(g, noModels)).toEqual([]);
  });
});
