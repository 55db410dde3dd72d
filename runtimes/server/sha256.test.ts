import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../domain/sha256';
import { sha256HexSync } from './sha256';

describe('sha256HexSync (node:crypto)', () => {
  it('equals the WebCrypto digest, for strings and for views into larger buffers', async () => {
    expect(sha256HexSync('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const buf = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    const view = buf.subarray(7, 993);
    expect(sha256HexSync(view)).toBe(await sha256Hex(view));
    expect(sha256HexSync(view)).not.toBe(sha256HexSync(buf));
  });
});
