import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PipelineGraphSchema } from '../graph/schema';
import { modelRefs } from '../models/refs';
import { fakeModels, noModels } from './test-graphs';
import { validatePipeline } from './validate';

const dir = fileURLToPath(new URL('../../examples/pipelines/', import.meta.url));
const load = (name: string): unknown => JSON.parse(readFileSync(dir + name, 'utf8'));

describe('example pipelines', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('include the three shipped pipelines', () => {
    expect(files).toEqual(expect.arrayContaining(['brain-gwm-256.json', 'brain-gwm-64tiles.json', 'demo-tissue.json']));
  });

  it.each(files)('%s validates with no issues against realistic model signatures', (name) => {
    expect(validatePipeline(load(name), fakeModels)).toEqual([]);
  });

  it.each(files)('%s lays every node out on the canvas', (name) => {
    const g = PipelineGraphSchema.parse(load(name));
    expect(g.nodes.every((n) => n.position)).toBe(true);
  });

  it.each(files)('%s names its model where modelRefs finds it', (name) => {
    const g = PipelineGraphSchema.parse(load(name));
    expect(modelRefs(g).map((r) => r.nodeId)).toEqual(g.nodes.filter((n) => 'model' in n.params).map((n) => n.id));
  });

  it('report the model as missing when it is not registered', () => {
    const issues = validatePipeline(load('brain-gwm-256.json'), noModels);
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([['model-missing', 'model']]);
  });

  it('the 64-tile pipeline refuses the 256^3 model', () => {
    const g = PipelineGraphSchema.parse(load('brain-gwm-64tiles.json'));
    g.nodes.find((n) => n.id === 'model')!.params.model = { file: 'niivue_meshnet_gwm_256.onnx' };
    expect(validatePipeline(g, fakeModels).map((i) => i.code)).toContain('model-shape-mismatch');
  });
});
