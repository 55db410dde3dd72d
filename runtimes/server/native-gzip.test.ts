import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { RuntimeError } from '../core/errors';
import { gunzip, gunzipAsync, gzip, gzipAsync, setMaxInflateBytes, useNativeDeflate } from '../imaging/nifti/gzip';
import { makeHeadPhantom } from '../../demo/phantom';
import { readNifti, readNiftiAsync, writeNifti, writeNiftiAsync } from '../imaging/nifti';
import { installNativeGzip } from './native-gzip';
import { sha256HexSync } from './sha256';

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

  it('gunzipAsync (zlib on the thread pool) gives the bytes and the typed errors gunzip gives', async () => {
    const gz = gzip(raw);
    const pending = gunzipAsync(gz);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(raw);
    expect(await gunzipAsync(gzipSync(raw, { mtime: 0 }))).toEqual(raw);
    for (const keep of [12, 40, Math.floor(gz.length / 2), gz.length - 9]) await expect(gunzipAsync(gz.subarray(0, keep))).rejects.toMatchObject({ code: 'TRUNCATED_INPUT' });
    // Each corruption ends as the sync gunzip ends: the same code, or the same bytes (compared by digest: toEqual on 200 kB is slow).
    const outcome = (r: Uint8Array | RuntimeError) => (r instanceof RuntimeError ? r.code : sha256HexSync(r));
    for (let i = 0; i < 50; i++) {
      const m = new Uint8Array(gz);
      m[10 + ((i * 7919) % (gz.length - 18))] ^= 1 << (i % 8);
      const sync = (() => {
        try {
          return gunzip(m);
        } catch (e) {
          return e as RuntimeError;
        }
      })();
      const async = await gunzipAsync(m).catch((e: unknown) => {
        expect(e).toBeInstanceOf(RuntimeError);
        return e as RuntimeError;
      });
      expect(outcome(async)).toBe(outcome(sync));
    }
    try {
      setMaxInflateBytes(raw.length - 1);
      await expect(gunzipAsync(gz)).rejects.toMatchObject({ code: 'VOLUME_TOO_LARGE' });
      setMaxInflateBytes(raw.length);
      expect(await gunzipAsync(gz)).toEqual(raw);
    } finally {
      setMaxInflateBytes(Number.POSITIVE_INFINITY);
    }
  });

  it('readNiftiAsync reads the volume readNifti reads, with its errors', async () => {
    const file = writeNifti(makeHeadPhantom({ size: 24 }).volume, { gzip: true });
    expect(await readNiftiAsync(file)).toEqual(readNifti(file));
    await expect(readNiftiAsync(file.subarray(0, file.length - 20))).rejects.toMatchObject({ code: 'TRUNCATED_INPUT' });
    await expect(readNiftiAsync(new Uint8Array(0))).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });

  it('gzipAsync and writeNiftiAsync (zlib on the thread pool) write the bytes the sync path writes', async () => {
    for (const level of [1, 6, 9] as const) expect(sha256HexSync(await gzipAsync(raw, level))).toBe(sha256HexSync(gzip(raw, level)));
    expect(gunzip(await gzipAsync(raw))).toEqual(raw);
    const { volume, labels } = makeHeadPhantom({ size: 24 });
    for (const v of [volume, labels]) {
      expect(sha256HexSync(await writeNiftiAsync(v, { gzip: true }))).toBe(sha256HexSync(writeNifti(v, { gzip: true })));
      expect(sha256HexSync(await writeNiftiAsync(v, { gzip: false }))).toBe(sha256HexSync(writeNifti(v, { gzip: false })));
    }
  });
});
