import { describe, expect, it } from 'vitest';
import { connectionCheck } from './connection';
import { fakeModels, graph, noModels } from './test-graphs';

const g = graph(
  [
    ['in', 'input.nifti'],
    ['norm', 'pre.normalize'],
    ['crop', 'pre.crop-pad', { size: [32, 32, 32] }],
    ['m', 'model.onnx', { model: { file: 'brainchop_meshnet_gwm_64cube.onnx' } }],
    ['am', 'post.argmax'],
    ['out', 'output.nifti-labels'],
    ['m2', 'model.onnx', { model: { file: 'brainchop_meshnet_gwm_64cube.onnx' } }],
    ['free', 'pre.crop-pad'],
    ['odd', 'pre.unknown'],
  ],
  ['in.volume>norm.volume', 'norm.volume>crop.volume', 'm.output>am.tensor'],
);
const ref = (s: string) => ({ node: s.split('.')[0], port: s.split('.')[1] });
const check = (from: string, to: string, models = fakeModels) => connectionCheck(g, ref(from), ref(to), models);

describe('connectionCheck (canvas isValidConnection)', () => {
  it('accepts compatible ports', () => {
    expect(check('am.labels', 'out.labels')).toEqual({ ok: true });
    expect(check('norm.volume', 'm.input')).toEqual({ ok: true });
  });

  it('refuses incompatible kinds and shapes on the inferred types', () => {
    expect(check('am.labels', 'm2.input')).toMatchObject({ ok: false, code: 'incompatible-port' });
    expect(check('crop.volume', 'm.input')).toMatchObject({ ok: false, code: 'shape-mismatch' });
    // without the model's signature the port accepts any tensor
    expect(check('crop.volume', 'm.input', noModels)).toEqual({ ok: true });
  });

  it('refuses missing nodes/ports, wrong direction, fed inputs and cycles', () => {
    expect(check('ghost.volume', 'norm.volume')).toMatchObject({ code: 'dangling-edge' });
    expect(check('norm.nope', 'out.labels')).toMatchObject({ code: 'unknown-port' });
    expect(check('out.labels', 'am.tensor')).toMatchObject({ code: 'unknown-port' });
    expect(check('odd.x', 'out.labels')).toMatchObject({ code: 'unknown-kind' });
    expect(check('in.volume', 'crop.volume')).toMatchObject({ code: 'multiple-sources' });
    expect(check('crop.volume', 'norm.volume')).toMatchObject({ code: 'multiple-sources' });
    expect(check('free.volume', 'free.volume')).toMatchObject({ code: 'cycle' });
    expect(check('am.labels', 'm.input')).toMatchObject({ code: 'cycle' });
  });
});
