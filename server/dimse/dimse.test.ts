import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors';
import { verdictOf } from './ingest-handler';
import { negotiate, PC_RESULT, STORE_STATUS, VERIFICATION } from './negotiate';
import { instanceOutcome } from './outcome';
import { part10Head } from './part10-head';
import { pduGuard } from './pdu-guard';
import { readPart10Meta } from '../../runtimes/imaging/dicom/parse';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const SEG = '1.2.840.10008.5.1.4.1.1.66.4';
const SR = '1.2.840.10008.5.1.4.1.1.88.33';

describe('presentation context negotiation', () => {
  it('accepts verification and image storage in the first syntax the caller lists that the studio reads', () => {
    expect(
      negotiate([
        { id: 1, abstractSyntax: VERIFICATION, transferSyntaxes: ['1.2.840.10008.1.2'] },
        { id: 3, abstractSyntax: CT, transferSyntaxes: ['1.2.840.10008.1.2.4.100', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.1'] },
        { id: 5, abstractSyntax: SEG, transferSyntaxes: ['1.2.840.10008.1.2.1'] },
        { id: 7, abstractSyntax: SR, transferSyntaxes: ['1.2.840.10008.1.2.1'] },
        { id: 9, abstractSyntax: CT, transferSyntaxes: ['1.2.840.10008.1.2.4.100'] },
      ]),
    ).toEqual([
      { id: 1, result: PC_RESULT.accept, transferSyntax: '1.2.840.10008.1.2' },
      { id: 3, result: PC_RESULT.accept, transferSyntax: '1.2.840.10008.1.2.4.80' },
      { id: 5, result: PC_RESULT.accept, transferSyntax: '1.2.840.10008.1.2.1' },
      { id: 7, result: PC_RESULT.abstractSyntaxNotSupported },
      { id: 9, result: PC_RESULT.transferSyntaxesNotSupported },
    ]);
  });
});

describe('PDU guard', () => {
  const limits = { maxPDataBytes: 1000, maxOtherBytes: 100 };
  const pdu = (type: number, length: number) => Uint8Array.of(type, 0, length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...new Array(Math.min(length, 2000)).fill(0));

  it('follows PDU boundaries across chunks of any size', () => {
    const stream = new Uint8Array([...pdu(1, 80), ...pdu(4, 1000), ...pdu(4, 3), ...pdu(5, 4)]);
    for (const size of [1, 5, 6, 7, 999, stream.length]) {
      const guard = pduGuard(limits);
      for (let at = 0; at < stream.length; at += size) expect(guard(stream.subarray(at, at + size))).toEqual({ ok: true });
    }
  });

  it('stops at a P-DATA over the announced maximum, another PDU over its limit, or an unknown type, and stays stopped', () => {
    const big = pduGuard(limits);
    expect(big(pdu(4, 1000))).toEqual({ ok: true });
    expect(big(pdu(4, 1001).subarray(0, 6))).toMatchObject({ ok: false, reason: expect.stringMatching(/declares 1001 bytes/) });
    expect(big(pdu(5, 4))).toMatchObject({ ok: false });
    expect(pduGuard(limits)(pdu(1, 4 * 1024 ** 3 - 1).subarray(0, 6))).toMatchObject({ ok: false });
    expect(pduGuard(limits)(Uint8Array.of(0x47, 0x45, 0x54, 0x20, 0x2f, 0x20))).toMatchObject({ ok: false, reason: 'unknown PDU type 0x47' }); // "GET / "
  });
});

describe('C-STORE statuses', () => {
  it('tells success, warnings and failures apart', () => {
    expect([0x0000, 0x0001, 0xb007, 0xb000, 0xa700, 0xc000, 0x0122, 0x0110].map(instanceOutcome)).toEqual(['success', 'warning', 'warning', 'warning', 'failure', 'failure', 'failure', 'failure']);
  });

  it('maps a refused instance by its error code', () => {
    expect(verdictOf(new ServiceError('CORRUPT_UPLOAD', 'x')).status).toBe(STORE_STATUS.cannotUnderstand);
    expect(verdictOf(new ServiceError('VOLUME_TOO_LARGE', 'x')).status).toBe(STORE_STATUS.outOfResources);
    expect(verdictOf(new ServiceError('DATABASE_UNAVAILABLE', 'x')).status).toBe(STORE_STATUS.outOfResources);
    expect(verdictOf(new ServiceError('UNSUPPORTED_UPLOAD', 'x')).status).toBe(STORE_STATUS.sopClassNotSupported);
    expect(verdictOf(new Error('boom'))).toMatchObject({ status: STORE_STATUS.processingFailure });
  });
});

describe('Part 10 head of a received dataset', () => {
  it('is a preamble, DICM and a meta group naming the command UIDs, the syntax and the caller', () => {
    const head = part10Head({ sopClassUid: CT, sopInstanceUid: '1.2.3.4', transferSyntaxUid: '1.2.840.10008.1.2.4.80', sourceAet: 'ORTHANC' });
    const file = new Uint8Array([...head, 0x08, 0x00, 0x16, 0x00, 0x55, 0x49, 4, 0, 0x31, 0x2e, 0x32, 0]); // (0008,0016) UI "1.2" right after it
    expect(readPart10Meta(file)).toEqual({ transferSyntaxUid: '1.2.840.10008.1.2.4.80', sopClassUid: CT, sopInstanceUid: '1.2.3.4', datasetOffset: head.length });
    expect(Buffer.from(head).includes(Buffer.from('ORTHANC'))).toBe(true);
  });
});
