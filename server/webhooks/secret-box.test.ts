import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret, shownPart } from './secret-box';

describe('webhook secrets at rest', () => {
  const k = randomBytes(32);
  const secret = 'whsec_' + randomBytes(32).toString('base64url');

  it('seals with a fresh IV each time, keeps only the shown prefix readable, and opens back', () => {
    const a = sealSecret(secret, secret.slice(0, 10), k);
    const b = sealSecret(secret, secret.slice(0, 10), k);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secret.slice(10, 30));
    expect(shownPart(a, 10)).toBe(secret.slice(0, 10));
    expect(openSecret(a, k)).toBe(secret);
  });

  it('reads rows written before sealing as they are', () => {
    expect(openSecret(secret, k)).toBe(secret);
    expect(shownPart(secret, 10)).toBe(secret.slice(0, 10));
  });

  it('refuses another key or a flipped bit with a clear error instead of signing with garbage', () => {
    const sealed = sealSecret(secret, secret.slice(0, 10), k);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(/auth secret changed/);
    const body = Buffer.from(sealed.slice(sealed.lastIndexOf(':') + 1), 'base64url');
    body[20] ^= 1;
    expect(() => openSecret(`${sealed.slice(0, sealed.lastIndexOf(':') + 1)}${body.toString('base64url')}`, k)).toThrow(/auth secret changed/);
  });
});
