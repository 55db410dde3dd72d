import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { findSpec } from '../nodes/catalogue';
import { paramIssueMessage } from './param-messages';

/** Every message of `params` against a catalogue node's schema. */
function messages(kind: string, params: unknown): string[] {
  const schema: z.ZodType = findSpec(kind, 1).params;
  const r = schema.safeParse(params);
  return r.success ? [] : r.error.issues.map((zi) => paramIssueMessage(schema, zi, params));
}

describe('param issue messages', () => {
  it('too_small: positive, non-negative, bounds with units', () => {
    expect(messages('pre.crop-pad', { size: [0, 64, 64] })).toEqual(['Size (x) must be positive']);
    expect(messages('pre.normalize', { method: 'window-level', windowWidth: -1 })).toEqual(['Window width must be positive']);
    expect(messages('pre.conform', { size: 4 })).toEqual(['Size must be at least 8 voxels']);
    expect(messages('post.components', { minVolumeMl: -2 })).toEqual(['Min volume ml must not be negative']);
  });

  it('too_big: numbers with their unit, strings by length', () => {
    expect(messages('pre.conform', { spacing: 11, highPercentile: 120 })).toEqual(['Spacing must be at most 10 mm', 'High percentile must be at most 100%']);
    expect(messages('post.threshold', { name: 'x'.repeat(121) })).toEqual(['Name must be at most 120 characters long']);
    expect(messages('post.threshold', { name: '' })).toEqual(['Name must not be empty']);
  });

  it('invalid_type: whole numbers, numbers, missing values', () => {
    expect(messages('pre.crop-pad', { size: [64, 64.5, 'big'] })).toEqual(['Size (y) must be a whole number', 'Size (z) must be a number']);
    expect(messages('model.onnx', {})).toEqual(['Model is required']);
  });

  it('array length: a triple needs exactly three values, a list its bounds', () => {
    expect(messages('pre.crop-pad', { size: [64, 64] })).toEqual(['Size must have exactly 3 values']);
    const list = z.strictObject({ seeds: z.array(z.number()).min(1).max(2) });
    const say = (v: unknown) => list.safeParse(v).error!.issues.map((zi) => paramIssueMessage(list, zi, v));
    expect(say({ seeds: [] })).toEqual(['Seeds must have at least 1 item']);
    expect(say({ seeds: [1, 2, 3] })).toEqual(['Seeds must have at most 2 items']);
  });

  it('options, formats and unknown keys', () => {
    expect(messages('pre.normalize', { method: 'median' })).toEqual(['Method must be one of "min-max", "z-score", "window-level"']);
    expect(messages('post.components', { connectivity: 8 })).toEqual(['Connectivity must be one of 6, 26']);
    expect(messages('output.report-json', { fileName: '../x.json' })).toEqual(['File name must be a bare file name without directories']);
    expect(messages('post.threshold', { treshold: 1 })).toEqual(['Unknown parameter "treshold"']);
  });

  it('a meta title names the field instead of its key', () => {
    const s = z.strictObject({ cs: z.number().positive().meta({ title: 'Crop size', unit: 'mm' }) });
    expect(paramIssueMessage(s, s.safeParse({ cs: 0 }).error!.issues[0], { cs: 0 })).toBe('Crop size must be positive');
  });
});
