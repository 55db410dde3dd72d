import { describe, expect, it } from 'vitest';
import { hasErrors, type Issue } from './issue';
import { fakeModels, graph, noModels } from './test-graphs';
import { validatePipeline } from './validate';

const pick = (issues: Issue[], code: Issue['code']) => issues.filter((i) => i.code === code);

/** input -> normalize -> [extra...] -> output; `tail` appends nodes/edges to a valid base. */
const base = (nodes: Parameters<typeof graph>[0] = [], edges: Parameters<typeof graph>[1] = []) =>
  graph(
    [['in', 'input.nifti'], ['norm', 'pre.normalize'], ['th', 'post.threshold'], ['out', 'output.nifti-labels'], ...nodes],
    ['in.volume>norm.volume', 'norm.volume>th.tensor', 'th.labels>out.labels', ...edges],
  );

describe('validatePipeline', () => {
  it('a small valid graph has no issues', () => {
    expect(validatePipeline(base(), noModels)).toEqual([]);
  });

  it('schema errors point at the node', () => {
    const doc = { ...base(), nodes: [...base().nodes, { id: 'bad', kind: 'x', version: 'one', params: {} }] };
    const issues = validatePipeline(doc, noModels);
    expect(issues).toEqual([expect.objectContaining({ code: 'schema', nodeId: 'bad', path: ['nodes', 4, 'version'] })]);
    expect(validatePipeline(null, noModels)[0].code).toBe('schema');
    expect(validatePipeline('{', noModels)[0].code).toBe('schema');
  });

  it('duplicate ids', () => {
    const g = base([['norm', 'pre.normalize']]);
    g.edges.push({ ...g.edges[0] });
    expect(pick(validatePipeline(g, noModels), 'duplicate-id').map((i) => i.nodeId ?? i.edgeId)).toEqual(['norm', 'e0']);
  });

  it('unknown kind and unknown version (listing known versions)', () => {
    const issues = validatePipeline(base([['k', 'pre.sharpen'], ['v', 'pre.tile', {}, 7]]), noModels);
    expect(pick(issues, 'unknown-kind')).toEqual([expect.objectContaining({ nodeId: 'k' })]);
    expect(pick(issues, 'unknown-version')).toEqual([expect.objectContaining({ nodeId: 'v', message: expect.stringContaining('known versions: 1') })]);
  });

  it('bad params carry the zod path', () => {
    const g = base();
    g.nodes[1].params = { method: 'median', windowWidth: -1 };
    const issues = pick(validatePipeline(g, noModels), 'bad-params');
    expect(issues.map((i) => [i.nodeId, i.path])).toEqual([['norm', ['method']], ['norm', ['windowWidth']]]);
  });

  it('dangling edges and unknown ports', () => {
    const issues = validatePipeline(base([], ['ghost.volume>th.tensor', 'norm.nope>out.labels', 'in.volume>norm.extra']), noModels);
    expect(pick(issues, 'dangling-edge')).toEqual([expect.objectContaining({ edgeId: 'e3' })]);
    expect(pick(issues, 'unknown-port').map((i) => i.edgeId)).toEqual(['e4', 'e5']);
  });

  it('multiple sources into one input, and unconnected required inputs', () => {
    const issues = validatePipeline(base([['th2', 'post.threshold']], ['norm.volume>th2.tensor', 'th2.labels>out.labels']), noModels);
    expect(pick(issues, 'multiple-sources')).toEqual([expect.objectContaining({ edgeId: 'e4', nodeId: 'out', portId: 'labels' })]);
    const lonely = validatePipeline(base([['png', 'output.overlay-png']], ['in.volume>png.image']), noModels);
    expect(pick(lonely, 'unconnected-input')).toEqual([expect.objectContaining({ nodeId: 'png', portId: 'labels' })]);
  });

  it('a cycle is reported on each node in it', () => {
    const g = graph(
      [['in', 'input.nifti'], ['a', 'pre.crop-pad'], ['b', 'pre.crop-pad'], ['n', 'pre.normalize']],
      ['in.volume>n.volume', 'b.volume>a.volume', 'a.volume>b.volume'],
    );
    expect(pick(validatePipeline(g, noModels), 'cycle').map((i) => i.nodeId)).toEqual(['a', 'b']);
  });

  it('incompatible ports: label-map into a tensor, report into a label map', () => {
    const g = base([['m', 'model.onnx', { model: { file: 'niivue_meshnet_gwm_256.onnx' } }]], ['th.labels>m.input']);
    expect(pick(validatePipeline(g, fakeModels), 'incompatible-port')).toEqual([
      expect.objectContaining({ edgeId: 'e3', nodeId: 'm', portId: 'input', message: expect.stringContaining('label-map') }),
    ]);
    const r = base([['vol', 'post.label-volumes'], ['out2', 'output.nifti-labels']], ['th.labels>vol.labels', 'vol.report>out2.labels']);
    expect(pick(validatePipeline(r, noModels), 'incompatible-port')).toEqual([expect.objectContaining({ edgeId: 'e4' })]);
  });

  it('model missing and model shape mismatch (crop 32^3 into a 64^3 model)', () => {
    const g = base(
      [['crop', 'pre.crop-pad', { size: [32, 32, 32] }], ['m', 'model.onnx', { model: { file: 'brainchop_meshnet_gwm_64cube.onnx' } }], ['am', 'post.argmax']],
      ['norm.volume>crop.volume', 'crop.volume>m.input', 'm.output>am.tensor'],
    );
    const issues = validatePipeline(g, fakeModels);
    expect(pick(issues, 'model-shape-mismatch')).toEqual([
      expect.objectContaining({ nodeId: 'm', portId: 'input', message: expect.stringContaining('[?,1,64,64,64]') }),
    ]);
    expect(pick(issues, 'shape-mismatch')).toEqual([]);
    expect(pick(validatePipeline(g, noModels), 'model-missing')).toEqual([expect.objectContaining({ nodeId: 'm' })]);
    g.nodes[4].params = { size: [64, 64, 64] };
    expect(validatePipeline(g, fakeModels)).toEqual([]);
  });

  it('exactly one input node; warning without outputs', () => {
    const none = validatePipeline(graph([['n', 'pre.normalize']], []), noModels);
    expect(pick(none, 'no-input')).toHaveLength(1);
    expect(pick(none, 'no-output')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    const two = validatePipeline(base([['in2', 'input.dicom-series']]), noModels);
    expect(pick(two, 'multiple-inputs').map((i) => i.nodeId)).toEqual(['in', 'in2']);
    const warnOnly = validatePipeline(graph([['in', 'input.nifti']], []), noModels);
    expect(hasErrors(warnOnly)).toBe(false);
  });

  it('two outputs writing the same file name: an error on both, naming the file', () => {
    const g = base([['out2', 'output.nifti-labels'], ['rep', 'output.report-json', { fileName: 'report.json' }]], ['th.labels>out2.labels']);
    const issues = pick(validatePipeline(g, noModels), 'duplicate-file-name');
    expect(issues.map((i) => [i.nodeId, i.severity])).toEqual([['out', 'error'], ['out2', 'error']]);
    expect(issues[0].message).toContain('"labels.nii.gz"');
    expect(issues[0].message).toContain('"out2"');
    g.nodes[4].params = { fileName: 'LABELS.nii.gz' }; // downloads land on case-insensitive disks too
    expect(pick(validatePipeline(g, noModels), 'duplicate-file-name').map((i) => i.nodeId)).toEqual(['out', 'out2']);
    g.nodes[4].params = { fileName: 'second.nii.gz' };
    expect(pick(validatePipeline(g, noModels), 'duplicate-file-name')).toEqual([]);
  });

  it('never throws on odd documents', () => {
    const odd = graph([['a', 'model.onnx', { model: 'x.onnx' }], ['b', 'post.argmax', { labels: [{ value: 1, name: 'a' }, { value: 1, name: 'b' }] }]], [
      'a.constructor>b.__proto__',
      'a.output>a.input',
    ]);
    const issues = validatePipeline(odd, fakeModels);
    expect(issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['bad-params', 'unknown-port', 'unconnected-input', 'cycle', 'no-input', 'no-output']),
    );
    expect(pick(issues, 'bad-params').map((i) => i.nodeId)).toEqual(['a', 'b']);
    for (const doc of [undefined, 42, [], { schema: 'studio.pipeline/v1', name: 'x', nodes: [{}], edges: 'no' }]) {
      expect(hasErrors(validatePipeline(doc, fakeModels))).toBe(true);
    }
  });
});
