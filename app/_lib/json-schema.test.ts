import { describe, expect, it } from 'vitest';
import { classifyField, describeBounds, schemaDefaults, type JsonSchema } from './json-schema';

const int = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const schema: JsonSchema = {
  type: 'object',
  properties: {
    method: { type: 'string', enum: ['min-max', 'z-score'], default: 'min-max' },
    size: { type: 'array', prefixItems: [int, int, int], default: [64, 64, 64] },
    model: { anyOf: [{ type: 'object', properties: { sha256: { type: 'string' } } }, { type: 'object', properties: { file: { type: 'string' } } }] },
    slice: { anyOf: [int, { type: 'null' }], default: null },
    on: { type: 'boolean', default: false },
    labels: { type: 'array', items: { type: 'object', properties: { value: int, name: { type: 'string' } } }, default: [] },
    odd: { type: 'object', properties: { a: { type: 'string' } } },
  },
};

describe('json-schema form mapping', () => {
  it('classifies each field', () => {
    const p = schema.properties!;
    expect(classifyField(p.method!)).toEqual({ kind: 'enum', options: ['min-max', 'z-score'] });
    expect(classifyField(p.size!).kind).toBe('int-triple');
    expect(classifyField(p.model!).kind).toBe('model-ref');
    expect(classifyField(p.slice!)).toEqual({ kind: 'number', integer: true, nullable: true });
    expect(classifyField(p.on!).kind).toBe('boolean');
    expect(classifyField(p.labels!).kind).toBe('label-list');
    expect(classifyField(p.odd!).kind).toBe('json');
  });
  it('collects defaults and bounds', () => {
    expect(schemaDefaults(schema)).toEqual({ method: 'min-max', size: [64, 64, 64], slice: null, on: false, labels: [] });
    expect(describeBounds({ type: 'number', minimum: 0, maximum: 1 })).toBe('0 – 1');
    expect(describeBounds({ type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 })).toBe('> 0');
    expect(describeBounds(int)).toBeUndefined();
  });
});
