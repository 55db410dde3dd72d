/**
 * Deterministic UIDs: "2.25." + the decimal of a 128-bit UUID (PS3.5 B.2) whose bits come from
 * SHA-256 over the inputs (UUID version 8, RFC 9562 "custom"), so identical inputs give
 * identical UIDs and files. WebCrypto: the same code runs in Node and in the browser.
 */
import { sha256, toHex } from '../../../domain/sha256';

const encoder = new TextEncoder();

/** SHA-256 of the parts, each length-prefixed so ("ab","c") and ("a","bc") differ. */
export async function sha256Parts(...parts: (string | Uint8Array)[]): Promise<Uint8Array> {
  const bytes = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : p));
  const total = bytes.reduce((n, b) => n + 8 + b.length, 0);
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  let at = 0;
  for (const b of bytes) {
    view.setFloat64(at, b.length, true);
    buf.set(b, at + 8);
    at += 8 + b.length;
  }
  return sha256(buf);
}

/** A 2.25 UID (at most 44 characters) derived from the parts. */
export async function hashUid(...parts: (string | Uint8Array)[]): Promise<string> {
  const h = (await sha256Parts(...parts)).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${toHex(h)}`).toString()}`;
}
