import { describe, expect, it } from 'vitest';
import { stableStringify } from './stable-json';

describe('stableStringify', () => {
  it('sorts keys at every level, indents by 2 and ends with a newline', () => {
    const a = stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } });
    expect(a).toBe('{\n  "a": {\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
    expect(stableStringify({ a: { d: [{ y: 2, z: 1 }] }, b: 1 })).toBe(a);
  });
});
