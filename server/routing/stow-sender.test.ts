import { describe, expect, it } from 'vitest';
import { boundaryOf, streamParts } from '../http/multipart-related';
import { sendStow } from './stow-sender';

/** The request the sender made, read back with the studio's own STOW-RS multipart reader. */
async function partsOf(req: Request): Promise<{ type: string; bytes: number[] }[]> {
  const out: { type: string; bytes: number[] }[] = [];
  for await (const p of streamParts(req.body!, boundaryOf(req.headers.get('content-type')!), { maxPartBytes: 1e6, maxTotalBytes: 1e7, maxParts: 10 })) {
    const chunks: number[] = [];
    for await (const c of p.body) chunks.push(...c);
    out.push({ type: p.headers['content-type'], bytes: chunks });
  }
  return out;
}

const dest = { kind: 'dicomweb' as const, url: 'http://pacs.test/dicom-web/', headers: { authorization: 'Bearer t' } };
const instances = [
  { bytes: new Uint8Array([1, 2, 3, 13, 10, 45, 45]), name: 'a.dcm' }, // CRLF-- inside a part must survive
  { bytes: new Uint8Array([4, 5]), name: 'b.dcm' },
];
const signal = new AbortController().signal;

describe('STOW-RS sender', () => {
  it('posts one multipart/related application/dicom part per instance to <base>/studies, with the destination headers', async () => {
    let seen: Request | undefined;
    const out = await sendStow(dest, instances, { signal }, async (url, init) => {
      seen = new Request(url as string, { ...init, duplex: 'half' } as RequestInit);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/dicom+json' } });
    });
    expect(out).toEqual({ ok: true });
    expect(seen!.url).toBe('http://pacs.test/dicom-web/studies');
    expect(seen!.headers.get('authorization')).toBe('Bearer t');
    expect(seen!.headers.get('content-type')).toMatch(/^multipart\/related; type="application\/dicom"; boundary=studio-[0-9a-f]{24}$/);
    expect(await partsOf(seen!)).toEqual(instances.map((i) => ({ type: 'application/dicom', bytes: [...i.bytes] })));
  });

  it('a refusal names the status and each FailedSOPSequence item with its FailureReason; a 200 that lists failures is not ok', async () => {
    const failed = { '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] }, '00081197': { vr: 'US', Value: [0xc000] } }] } };
    const reply = (status: number) => async () => new Response(JSON.stringify(failed), { status, headers: { 'content-type': 'application/dicom+json' } });
    expect(await sendStow(dest, instances, { signal }, reply(409))).toEqual({ ok: false, error: 'STOW-RS http://pacs.test/dicom-web/studies answered HTTP 409; refused 1.2.3: FailureReason 0xC000' });
    expect((await sendStow(dest, instances, { signal }, reply(200))).ok).toBe(false);
    const html = async () => new Response('<html>proxy error</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    expect(await sendStow(dest, instances, { signal }, html)).toEqual({ ok: false, error: 'STOW-RS http://pacs.test/dicom-web/studies answered HTTP 502' });
  });

  it('a connection failure or timeout is an outcome with the cause, not a throw', async () => {
    const refused = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    };
    expect(await sendStow(dest, instances, { signal }, refused)).toEqual({ ok: false, error: 'http://pacs.test/dicom-web/studies: fetch failed (ECONNREFUSED)' });
  });
});
