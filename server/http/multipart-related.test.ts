import { describe, expect, it } from 'vitest';
import { streamParts } from './multipart-related';

const LIMITS = { maxPartBytes: 1 << 20, maxTotalBytes: 1 << 20, maxParts: 10 };
const stream = (text: string, chunk = 3) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.subarray(i, i + chunk));
      c.close();
    },
  });

async function bodies(text: string): Promise<string[]> {
  const out: string[] = [];
  for await (const p of streamParts(stream(text), 'b', LIMITS)) {
    let s = '';
    for await (const c of p.body) s += new TextDecoder().decode(c);
    out.push(`${p.headers['content-type']}:${s}`);
  }
  return out;
}

/** RFC 2046 5.1.1 framings real DICOMweb clients send (dicomweb-client and the Python client lead with a CRLF). */
describe('multipart/related reader framing', () => {
  it('reads parts after a leading CRLF, after a preamble, and with transport padding after the boundary', async () => {
    const parts = 'Content-Type: a\r\n\r\none\r\n--b\r\nContent-Type: b\r\n\r\ntwo\r\n--b--';
    expect(await bodies(`\r\n--b\r\n${parts}`)).toEqual(['a:one', 'b:two']);
    expect(await bodies(`--b\r\n${parts}\r\n`)).toEqual(['a:one', 'b:two']);
    expect(await bodies(`This is a preamble.\r\nIt is ignored.\r\n--b  \r\n${parts}\r\nepilogue`)).toEqual(['a:one', 'b:two']);
  });

  it('refuses a body without a boundary, or one that ends inside a part, as BAD_REQUEST', async () => {
    await expect(bodies('no boundary here at all')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(bodies('--b\r\nContent-Type: a\r\n\r\ncut short')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
