import { describe, expect, it } from 'vitest';
import { MULTIPART_FIELD_BYTES, MULTIPART_MAX_FIELDS, readMultipart } from './multipart';

function form(fields: Record<string, string>): Request {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'a.bin');
  return new Request('http://studio.test/', { method: 'POST', body: f });
}
const drain = async (file: { stream: AsyncIterable<unknown> }) => {
  for await (const _ of file.stream) void _;
};

describe('readMultipart text fields (not metered by the file budgets)', () => {
  it('reads the fields and hands files over', async () => {
    const names: string[] = [];
    const fields = await readMultipart(form({ name: 'scan', notes: 'n' }), async (f) => {
      names.push(f.fileName);
      await drain(f);
    });
    expect(fields).toEqual({ name: 'scan', notes: 'n' });
    expect(names).toEqual(['a.bin']);
  });

  it(`refuses more than ${MULTIPART_MAX_FIELDS} fields`, async () => {
    const many = Object.fromEntries(Array.from({ length: MULTIPART_MAX_FIELDS + 1 }, (_, i) => [`f${i}`, 'x']));
    await expect(readMultipart(form(many), drain)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
  });

  it(`refuses a field longer than ${MULTIPART_FIELD_BYTES} bytes instead of truncating it`, async () => {
    await expect(readMultipart(form({ notes: 'x'.repeat(MULTIPART_FIELD_BYTES + 1) }), drain)).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
  });
});
