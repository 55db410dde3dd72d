import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../dicom/json';
import { compilePattern, matchesSeries } from './evaluate';
import { ConditionSchema, destinationKey, DestinationSchema, RuleSpecSchema, type Condition } from './rule';

const ct: DicomJson = {
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00180015': { vr: 'CS', Value: ['CHEST '] },
  '0008103E': { vr: 'LO', Value: ['Thorax 1.0 B31f'] },
  '00180050': { vr: 'DS', Value: [1.0] },
  '00200011': { vr: 'IS', Value: ['3'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
};
const when = (c: unknown) => matchesSeries(ConditionSchema.parse(c), ct);

describe('routing conditions over a series', () => {
  it('modality and body part compare as code strings (trimmed, any case), against any of a list', () => {
    expect(when({ type: 'modality', anyOf: ['MR', 'ct'] })).toBe(true);
    expect(when({ type: 'modality', anyOf: ['MR'] })).toBe(false);
    expect(when({ type: 'bodyPart', anyOf: ['CHEST'] })).toBe(true);
    expect(when({ type: 'bodyPart', anyOf: ['HEAD'] })).toBe(false);
  });

  it('series description by glob (anchored, case-insensitive unless asked) or by regex', () => {
    expect(when({ type: 'seriesDescription', pattern: { pattern: 'thorax*' } })).toBe(true);
    expect(when({ type: 'seriesDescription', pattern: { pattern: 'thorax*', caseSensitive: true } })).toBe(false);
    expect(when({ type: 'seriesDescription', pattern: { pattern: 'Thorax' } })).toBe(false); // anchored: the whole value
    expect(when({ type: 'seriesDescription', pattern: { pattern: 'Thorax ?.0 *' } })).toBe(true);
    expect(when({ type: 'seriesDescription', pattern: { syntax: 'regex', pattern: 'B3\\df$' } })).toBe(true);
    expect(when({ type: 'seriesDescription', pattern: { syntax: 'regex', pattern: '^lung' } })).toBe(false);
    // glob metacharacters of regex are literal
    expect(compilePattern({ syntax: 'glob', pattern: 'a.b(c)', caseSensitive: false })('a.b(c)')).toBe(true);
    expect(compilePattern({ syntax: 'glob', pattern: 'a.b(c)', caseSensitive: false })('axb(c)')).toBe(false);
  });

  it('any tag: equals (text or number), matches, numeric comparisons, present/absent', () => {
    expect(when({ type: 'tag', tag: '00180050', op: 'lte', value: 1.25 })).toBe(true);
    expect(when({ type: 'tag', tag: '00180050', op: 'gt', value: 1 })).toBe(false);
    expect(when({ type: 'tag', tag: '00200011', op: 'equals', value: 3 })).toBe(true); // IS as a string
    expect(when({ type: 'tag', tag: '00200011', op: 'gte', value: 4 })).toBe(false);
    expect(when({ type: 'tag', tag: '00100010', op: 'equals', value: 'Doe^Jane' })).toBe(true);
    expect(when({ type: 'tag', tag: '00100010', op: 'matches', pattern: { pattern: 'doe^*' } })).toBe(true);
    expect(when({ type: 'tag', tag: '0008103e', op: 'lt', value: 5 })).toBe(false); // text never compares as a number
    expect(when({ type: 'tag', tag: '00280301', op: 'absent' })).toBe(true);
    expect(when({ type: 'tag', tag: '00280301', op: 'present' })).toBe(false);
    expect(when({ type: 'tag', tag: '00280301', op: 'equals', value: 'NO' })).toBe(false); // missing: no match, no error
  });

  it('AND / OR / NOT groups nest', () => {
    const c: Condition = {
      type: 'all',
      of: [
        { type: 'modality', anyOf: ['CT'] },
        { type: 'any', of: [{ type: 'bodyPart', anyOf: ['HEAD'] }, { type: 'tag', tag: '00180050', op: 'lt', value: 2 }] },
        { type: 'not', condition: { type: 'seriesDescription', pattern: { syntax: 'glob', pattern: '*scout*', caseSensitive: false } } },
      ],
    };
    expect(matchesSeries(ConditionSchema.parse(c), ct)).toBe(true);
    expect(matchesSeries(ConditionSchema.parse({ ...c, type: 'all', of: [...c.of, { type: 'modality', anyOf: ['MR'] }] }), ct)).toBe(false);
  });

  it('refuses unsafe or unbounded conditions with a reason', () => {
    const bad = (c: unknown) => ConditionSchema.safeParse(c).error?.issues.map((i) => i.message).join('; ') ?? 'accepted';
    expect(bad({ type: 'seriesDescription', pattern: { syntax: 'regex', pattern: '(a+)+$' } })).toMatch(/nested quantifiers/);
    expect(bad({ type: 'seriesDescription', pattern: { syntax: 'regex', pattern: '(a)\\1' } })).toMatch(/backreferences/);
    expect(bad({ type: 'seriesDescription', pattern: { syntax: 'regex', pattern: '([' } })).toMatch(/not a regular expression/);
    expect(bad({ type: 'seriesDescription', pattern: { pattern: 'x'.repeat(201) } })).toMatch(/200/);
    expect(bad({ type: 'tag', tag: '0018005', op: 'present' })).toMatch(/8 hex digits/);
    expect(bad({ type: 'tag', tag: '00180050', op: 'lt', value: '2' })).toMatch(/must be a number/);
    let deep: unknown = { type: 'modality', anyOf: ['CT'] };
    for (let i = 0; i < 5; i++) deep = { type: 'all', of: [deep] };
    const spec = RuleSpecSchema.safeParse({ when: deep, pipeline: { pipelineId: 'pl_1' } });
    expect(spec.error?.issues[0].message).toMatch(/nest 6 deep; at most 4/);
  });

  it('a rule spec defaults to a 10 s quiet period and no destinations; destinations are keyed per receiver', () => {
    const spec = RuleSpecSchema.parse({ when: { type: 'modality', anyOf: ['CT'] }, pipeline: { pipelineId: 'pl_1' } });
    expect(spec).toMatchObject({ quietSeconds: 10, destinations: [] });
    expect(destinationKey(DestinationSchema.parse({ kind: 'dimse', aeTitle: 'PACS', host: 'pacs.local', port: 104 }))).toBe('dimse:PACS@pacs.local:104');
    expect(destinationKey(DestinationSchema.parse({ kind: 'dicomweb', url: 'http://pacs.local/dicom-web/' }))).toBe('dicomweb:http://pacs.local/dicom-web');
    expect(DestinationSchema.safeParse({ kind: 'dimse', aeTitle: 'A\\B', host: 'h', port: 104 }).success).toBe(false);
    expect(DestinationSchema.safeParse({ kind: 'dicomweb', url: 'file:///etc/passwd' }).success).toBe(false);
  });
});
