import { DomainError } from '../errors';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, properties whose value is
 * `undefined` omitted (in arrays they become null, as in JSON). Numbers use ECMAScript's
 * shortest round-trip form, which is stable across engines; -0 is written as 0. Non-finite
 * numbers and non-JSON values (bigint, functions, symbols, class instances) are rejected
 * because they have no faithful JSON form and would make hashes lie.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw notJson(`non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw notJson(typeof value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notJson(`instance of ${proto?.constructor?.name ?? 'unknown'}`);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const notJson = (what: string) => new DomainError('INVALID_PIPELINE', `cannot write ${what} as canonical JSON`);

/**
 * The same canonical value indented by 2 with a final newline, for files people read (the JSON
 * report): identical values give identical bytes whichever executor wrote them. Key order
 * survives the parse: JSON.parse keeps the sorted order, with integer-like keys first in
 * ascending order as every JS object orders them.
 */
export function canonicalJsonPretty(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}
