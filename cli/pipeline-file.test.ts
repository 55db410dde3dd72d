import { describe, expect, it } from 'vitest';
import { applyOverrides } from './pipeline-file';

const doc = {
  nodes: [
    { id: 'crop', params: { size: [256, 256, 256], offset: [0, 0, 0] } },
    { id: 'model', params: { model: { file: 'a.onnx' } } },
  ],
};

describe('--set overrides', () => {
  it('sets JSON values on node params without touching the input document', () => {
    const out = applyOverrides(doc, ['crop.offset=[96,96,96]', 'crop.size=[64,64,64]', 'crop.center=false']) as typeof doc;
    expect(out.nodes[0].params).toEqual({ size: [64, 64, 64], offset: [96, 96, 96], center: false });
    expect(doc.nodes[0].params.offset).toEqual([0, 0, 0]);
  });

  it('takes bare words as strings and follows dotted paths', () => {
    const out = applyOverrides(doc, ['model.model.file=b.onnx', 'model.inputName=input']) as typeof doc;
    expect(out.nodes[1].params).toEqual({ model: { file: 'b.onnx' }, inputName: 'input' });
  });

  it('refuses unknown nodes and malformed settings', () => {
    expect(() => applyOverrides(doc, ['nope.size=1'])).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENTS' }));
    expect(() => applyOverrides(doc, ['crop=1'])).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENTS' }));
  });
});
