import { describe, expect, it } from 'vitest';
import { codeOf, resolve, rowOf } from './actions';
import { keyedDateShift, keyedPatient, keyedUid } from './keyed';
import { identifyingTerms, scrub, shiftValue } from './values';

const K1 = new Uint8Array(32).fill(1);
const K2 = new Uint8Array(32).fill(2);
const NONE = { retainLongitudinalModifiedDates: false, retainPatientCharacteristics: false, cleanDescriptors: false };

describe('de-identification values', () => {
  it('keyed UIDs: 2.25 + a version-8 UUID in decimal, at most 64 characters, stable per key, different across keys', () => {
    const uid = keyedUid(K1, '1.2.840.113619.2.55.3.1234');
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const hex = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('8'); // version 8
    expect(keyedUid(K1, '1.2.840.113619.2.55.3.1234\0')).toBe(uid); // UI padding is not part of the value
    expect(keyedUid(K2, '1.2.840.113619.2.55.3.1234')).not.toBe(uid);
  });

  it('a patient keeps one pseudonym and one date shift (1 to 3650 days back) per key', () => {
    expect(keyedPatient(K1, 'P1')).toMatch(/^ANON[0-9A-F]{12}$/);
    expect(keyedPatient(K1, 'P1')).toBe(keyedPatient(K1, ' P1 '));
    expect(keyedPatient(K1, 'P1')).not.toBe(keyedPatient(K1, 'P2'));
    const shift = keyedDateShift(K1, 'P1');
    expect(shift).toBeGreaterThanOrEqual(-3650);
    expect(shift).toBeLessThanOrEqual(-1);
  });

  it('shifts DA (ranges too) and DT (time and zone kept); what is not a date becomes empty', () => {
    expect(shiftValue('DA', '20240301', -1)).toBe('20240229');
    expect(shiftValue('DA', '20240101-20240131', -31)).toBe('20231201-20231231');
    expect(shiftValue('DA', '-20240101', -1)).toBe('-20231231');
    expect(shiftValue('DT', '20240301123456.123+0100', -2)).toBe('20240228123456.123+0100');
    expect(shiftValue('DA', 'yesterday', -1)).toBe('');
  });

  it('cleans free text of the identifying names and ids of the same instance', () => {
    const terms = identifyingTerms(['DOE^JOHN', 'MRN12345', 'AB']);
    expect(scrub('CT for John Doe (MRN12345), ab', terms)).toBe('CT for XXXX XXX (XXXXXXXX), ab');
  });

  it('resolves compound codes and options from the generated table', () => {
    const patientName = rowOf('00100010')!;
    expect(patientName[2]).toBe('Z');
    expect(rowOf('00091001')?.[1]).toBe('Private attributes');
    expect(rowOf('60023000')?.[1]).toBe('Overlay Data');
    expect(rowOf('7FE00010')).toBeUndefined();
    const age = rowOf('00101010')!;
    expect(codeOf(age, NONE)).toBe('X');
    expect(codeOf(age, { ...NONE, retainPatientCharacteristics: true })).toBe('K');
    expect(codeOf(rowOf('00080020')!, { ...NONE, retainLongitudinalModifiedDates: true })).toBe('C');
    expect(resolve('X/Z/D', true, false, '00080023')).toBe('D');
    expect(resolve('X/Z/D', false, false, '00080023')).toBe('Z');
    expect(resolve('X/Z', true, true, '00081110')).toBe('X');
    expect(resolve('X/Z', true, true, '00400555')).toBe('Z');
    expect(resolve('X/Z/U*', true, true, '00081140')).toBe('K');
  });
});
