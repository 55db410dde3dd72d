import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { RuntimeError } from '../core/errors';
import { gunzip, gzip, useNativeDeflate } from '../imaging/nifti/gzip';
import { installNativeGzip } from './native-gzip';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return (e as RuntimeError).code;
  }
  return undefined;
}

describe('native zlib behind the gzip contract', () => {
  const raw = Uint8Array.from({ length: 200_000 }, (_, i) => (i % 977 < 300 ? (i * 31) & 7 : 0));
  beforeAll(() => installNativeGzip());
  afterAll(() => useNativeDeflate(undefined));

  it('round-trips, and reads what fflate wrote (and the other way round)', () => {
    const native = gzip(raw);
    expect(gunzip(native)).toEqual(raw);
    expect(gunzip(gzipSync(raw, { mtime: 0 }))).toEqual(raw);
    expect(gzip(raw)).toEqual(native); // deterministic bytes
  });

  it('truncated streams give TRUNCATED_INPUT, corrupt ones a RuntimeError, never a raw error', () => {
    const gz = gzip(raw);
    for (const keep of [12, 40, Math.floor(gz.length / 2), gz.length - 9]) expect(code(() => gunzip(gz.subarray(0, keep)))).toBe('TRUNCATED_INPUT');
    for (let i = 0; i < 200; i++) {
      const m = new Uint8Array(gz);
      m[10 + ((i * 7919) % (gz.length - 18))] ^= 1 << (i % 8);
      code(() => gunzip(m));
    }
  });
});
