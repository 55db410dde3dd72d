import { TAGS, textsOf, type DicomJson } from '../dicom/json';
import { ROUTING_LIMITS, type Condition, type Pattern } from './rule';

/**
 * Whether a series matches a rule's conditions, over the DICOM JSON attributes of one of its
 * instances (series-level attributes are the same in each). Pure and total: a missing attribute
 * is no match (never an error), a value that is not a number never compares as one.
 */
export function matchesSeries(condition: Condition, attrs: DicomJson): boolean {
  switch (condition.type) {
    case 'all':
      return condition.of.every((c) => matchesSeries(c, attrs));
    case 'any':
      return condition.of.some((c) => matchesSeries(c, attrs));
    case 'not':
      return !matchesSeries(condition.condition, attrs);
    case 'modality':
      return oneOf(textsOf(attrs, TAGS.Modality), condition.anyOf);
    case 'bodyPart':
      return oneOf(textsOf(attrs, TAGS.BodyPartExamined), condition.anyOf);
    case 'seriesDescription':
      return textsOf(attrs, TAGS.SeriesDescription).some(compilePattern(condition.pattern));
    case 'tag':
      return tagMatches(condition, attrs);
  }
}

/** Code strings compare trimmed and case-insensitively (DICOM pads with spaces; senders differ in case). */
const oneOf = (values: string[], wanted: string[]) => values.some((v) => wanted.some((w) => w.trim().toUpperCase() === v.trim().toUpperCase()));

function tagMatches(c: Extract<Condition, { type: 'tag' }>, attrs: DicomJson): boolean {
  const values = textsOf(attrs, c.tag).filter((v) => v !== '');
  switch (c.op) {
    case 'present':
      return values.length > 0;
    case 'absent':
      return values.length === 0;
    case 'equals':
      return values.some((v) => (typeof c.value === 'number' ? numberOf(v) === c.value : v.trim() === String(c.value).trim()));
    case 'matches':
      return values.some(compilePattern(c.pattern!));
    default:
      return values.some((v) => compare(c.op, numberOf(v), c.value as number));
  }
}

/** DICOM JSON holds DS/IS as numbers, some senders as strings: both read; anything else is NaN. */
function numberOf(v: string): number {
  const t = v.trim();
  return t === '' ? NaN : Number(t);
}

function compare(op: string, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  return op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a >= b;
}

/** A glob (`*` any run, `?` one character, the rest literal) or a regular expression, anchored as written. */
export function compilePattern(p: Pattern): (value: string) => boolean {
  const flags = p.caseSensitive ? '' : 'i';
  const re =
    p.syntax === 'glob'
      ? new RegExp(`^${p.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags)
      : new RegExp(p.pattern, flags);
  return (value) => re.test(value.slice(0, ROUTING_LIMITS.valueChars));
}
