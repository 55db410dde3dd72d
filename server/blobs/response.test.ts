import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalBlobStore } from './local-store';
import { blobResponse, safeFileName, servedMediaType } from './response';
import { pageCsp } from '../http/page-csp';

describe('security: served media types, file names and the page CSP', () => {
  it('serves only allow-listed recorded types; anything a client could have recorded becomes octet-stream', () => {
    for (const t of ['image/png', 'image/jpeg', 'application/json', 'application/gzip', 'application/dicom', 'application/zip']) expect(servedMediaType(t)).toBe(t);
    expect(servedMediaType(' IMAGE/PNG ')).toBe('image/png');
    const hostile = ['text/html', 'text/html; charset=utf-8', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/xml', 'text/javascript', 'application/pdf', 'image/png\r\nx: 1', '', null, undefined];
    for (const t of hostile) expect(servedMediaType(t)).toBe('application/octet-stream');
  });

  it('shows only PNG and JPEG inline; svg, html, xml, json and the rest are sandboxed attachments', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'blob-response-'));
    try {
      const blobs = new LocalBlobStore(dir);
      const { sha256 } = await blobs.putBytes(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'));
      const cases: [string, string, string][] = [
        ['image/png', 'image/png', 'inline'],
        ['image/jpeg', 'image/jpeg', 'inline'],
        ['image/svg+xml', 'application/octet-stream', 'attachment'],
        ['text/html', 'application/octet-stream', 'attachment'],
        ['application/json', 'application/json', 'attachment'],
        ['application/gzip', 'application/gzip', 'attachment'],
      ];
      for (const [recorded, served, disposition] of cases) {
        const res = await blobResponse(blobs, sha256, { name: 'x', mediaType: recorded });
        expect([res.headers.get('content-type'), res.headers.get('content-disposition')?.split(';')[0]]).toEqual([served, disposition]);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
        await res.arrayBuffer();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps file names to printable text without path separators or leading dots', () => {
    expect(safeFileName('../../etc/passwd', 'f')).toBe('_.._etc_passwd');
    expect(safeFileName('a\r\nb\\c.nii', 'f')).toBe('a__b_c.nii');
    expect(safeFileName('', 'fallback')).toBe('fallback');
    expect(safeFileName('x'.repeat(500), 'f')).toHaveLength(200);
  });

  it('pages allow scripts only from the origin and by nonce, never inline or eval in production', () => {
    const csp = pageCsp('abc123');
    const script = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(pageCsp('n', true)).toContain("'unsafe-eval'");
  });
});
