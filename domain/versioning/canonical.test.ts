import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { graph } from '../validation/test-graphs';
import { canonicalJson, canonicalJsonPretty } from './canonical';
import { contentHash } from './hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined properties, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"z":1}]},"b":1}');
    expect(canonicalJson([undefined, null, true])).toBe('[null,null,true]');
  });

  it('writes numbers in their shortest stable form', () => {
    expect(canonicalJson([1.0, 0.1 + 0.2, -0, 1e21, 2.5e-7])).toBe('[1,0.30000000000000004,0,1e+21,2.5e-7]');
  });

  it('rejects values without a faithful JSON form', () => {
    expect(() => canonicalJson(NaN)).toThrow(DomainError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(DomainError);
    expect(() => canonicalJson(new Date(0))).toThrow(DomainError);
    expect(() => canonicalJson(10n)).toThrow(DomainError);
  });
});

describe('canonicalJsonPretty', () => {
  it('sorts keys at every level, indents by 2 and ends with a newline', () => {
    const a = canonicalJsonPretty({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } });
    expect(a).toBe('{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
    expect(canonicalJsonPretty({ a: { d: [{ y: 2, z: 1 }] }, b: 1 })).toBe(a);
  });

  it('orders integer-like keys as JSON.stringify of a sorted object would (numerically, first)', () => {
    expect(canonicalJsonPretty({ b: 0, 10: 0, 2: 0, a: 0 })).toBe('{\n  "2": 0,\n  "10": 0,\n  "a": 0,\n  "b": 0\n}\n');
  });
});

describe('contentHash', () => {
  const g = () => graph([['in', 'input.nifti'], ['n', 'pre.normalize', { method: 'z-score', nonzeroOnly: true }]], ['in.volume>n.volume']);

  it('is sha256 hex, stable under key order and layout', async () => {
    const a = g();
    const h = await contentHash(a);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = reverseKeys(a) as typeof a;
    reordered.nodes[1].params = { nonzeroOnly: true, method: 'z-score' };
    reordered.nodes[0].position = { x: 500, y: 20 };
    expect(await contentHash(reordered)).toBe(h);
  });

  it('changes with a param, a label or the node order', async () => {
    const h = await contentHash(g());
    const p = g();
    p.nodes[1].params.method = 'min-max';
    const l = g();
    l.nodes[1].label = 'Normalise';
    const o = g();
    o.nodes.reverse();
    const hashes = await Promise.all([p, l, o].map(contentHash));
    expect(new Set([h, ...hashes]).size).toBe(4);
  });

  it('matches a known digest (so the hash never drifts between releases)', async () => {
    const empty = { schema: 'studio.pipeline/v1' as const, name: 'x', description: '', nodes: [], edges: [] };
    // sha256 of {"description":"","edges":[],"name":"x","nodes":[],"schema":"studio.pipeline/v1"}
    expect(await contentHash(empty)).toBe(await sha256('{"description":"","edges":[],"name":"x","nodes":[],"schema":"studio.pipeline/v1"}'));
  });
});

/** Same value, every object's keys inserted in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
}

async function sha256(text: string) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}
