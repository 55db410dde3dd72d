import { describe, expect, it } from 'vitest';
import { csvRecord } from './csv';

describe('csvRecord', () => {
  it('quotes per RFC 4180', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'x\ny', null, 3])).toBe('"a,b","say ""hi""","x\ny",,3\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    const fields = csvRecord(hostile).slice(0, -2);
    // every field, quoted or not, starts with an apostrophe once the quote is removed
    const cells = fields.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((c) => c !== '').map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    expect(cells).toHaveLength(hostile.length);
    for (const c of cells) expect(c.startsWith("'")).toBe(true);
  });

  it('keeps numbers as numbers, negative ones included', () => {
    expect(csvRecord([-0.5, 0, 'label 1'])).toBe('-0.5,0,label 1\r\n');
  });
});
