import { describe, expect, it } from 'vitest';
import { chooseMultipart, chooseType, parseAccept } from './accept';
import { likePattern, parseQidoQuery } from './qido-query';

describe('DICOMweb Accept negotiation', () => {
  it('orders ranges by q, keeps quoted type parameters, and treats no header as */*', () => {
    const r = parseAccept('image/jpeg;q=0.5, multipart/related; type="application/dicom"; transfer-syntax=*, text/html;q=0');
    expect(r.map((x) => x.type)).toEqual(['multipart/related', 'image/jpeg']);
    expect(r[0].params).toMatchObject({ type: 'application/dicom', 'transfer-syntax': '*' });
    expect(parseAccept(null)).toEqual([{ type: '*/*', params: {}, q: 1 }]);
  });

  it('chooses what is offered or refuses with NOT_ACCEPTABLE', () => {
    expect(chooseType(parseAccept('image/*'), ['image/png', 'image/jpeg'], 'x')).toBe('image/png');
    expect(chooseType(parseAccept('image/jpeg, image/png;q=0.9'), ['image/png', 'image/jpeg'], 'x')).toBe('image/jpeg');
    expect(() => chooseType(parseAccept('application/dicom+xml'), ['application/dicom+json'], 'x')).toThrow(expect.objectContaining({ code: 'NOT_ACCEPTABLE' }));
    expect(chooseMultipart(parseAccept('multipart/related; type="application/dicom"'), ['application/dicom'], 'x')).toEqual({ partType: 'application/dicom', transferSyntax: undefined });
    expect(() => chooseMultipart(parseAccept('application/zip'), ['application/dicom'], 'x')).toThrow(expect.objectContaining({ code: 'NOT_ACCEPTABLE' }));
  });
});

describe('QIDO-RS query parsing', () => {
  it('turns * and ? into LIKE wildcards and escapes LIKE characters', () => {
    expect(likePattern('DOE^J*')).toBe('DOE^J%');
    expect(likePattern('a?b_c%d\\')).toBe('a_b\\_c\\%d\\\\');
  });

  it('reads keywords and tags, includefield, bounded limit/offset; ignores unknown keys', () => {
    const q = parseQidoQuery(new URLSearchParams('PatientID=1*&00100010=&includefield=StudyDescription,00280010&limit=5000&offset=3&_=123&fuzzymatching=true'));
    expect(q.matches.map((m) => m.tag)).toEqual(['00100020']);
    expect(q.include).toEqual(new Set(['00100020', '00100010', '00081030', '00280010']));
    expect(q).toMatchObject({ limit: 1000, offset: 3 });
    expect(parseQidoQuery(new URLSearchParams('includefield=all')).include).toBe('all');
    expect(parseQidoQuery(new URLSearchParams('')).limit).toBe(100);
  });

  it('refuses malformed dates, UIDs, limits and includefields with BAD_REQUEST', () => {
    for (const bad of ['StudyDate=2001-03-16', 'StudyDate=-', 'StudyInstanceUID=1.2;drop', 'limit=-1', 'includefield=NotAKeyword']) {
      expect(() => parseQidoQuery(new URLSearchParams(bad)), bad).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
    expect(parseQidoQuery(new URLSearchParams('StudyDate=20010101-')).matches).toHaveLength(1);
  });
});
