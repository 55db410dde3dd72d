import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex, toHex } from './sha256';

// FIPS 180-2 test vectors.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sha256 (WebCrypto)', () => {
  it('gives the standard digests for strings (UTF-8) and bytes', async () => {
    expect(await sha256Hex('abc')).toBe(ABC);
    expect(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(ABC);
    expect(await sha256Hex('')).toBe(EMPTY);
    expect(toHex(await sha256('abc'))).toBe(ABC);
  });

  it('hashes only the bytes a view covers', async () => {
    const buf = new Uint8Array([0, 0x61, 0x62, 0x63, 0]);
    expect(await sha256Hex(buf.subarray(1, 4))).toBe(ABC);
  });

  it('writes hex lowercase with two digits per byte', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(toHex(new Uint8Array([0x0f]).buffer)).toBe('0f');
  });
});
