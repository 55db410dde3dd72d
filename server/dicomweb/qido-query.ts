import { sql, type SQL } from 'drizzle-orm';
import { dictionaryEntry } from '../../runtimes/imaging/dicom/dictionary';
import { ServiceError } from '../errors';

/**
 * A QIDO-RS query string (PS3.18 8.3.4) as matches the database can run: each
 * `{attribute}={value}` key (keyword or tag) becomes one Match, `includefield` the extra
 * attributes to return, `limit`/`offset` the page. `fuzzymatching` is accepted and ignored;
 * keys that are not DICOM attributes are ignored too (viewers add cache busters).
 */
export type Level = 'study' | 'series' | 'instance';
export interface Match {
  tag: string;
  vr: string;
  /** The SQL condition on a DICOM JSON attributes column. */
  on(attrs: SQL): SQL;
}
export interface QidoQuery {
  matches: Match[];
  /** Tags asked for by includefield or named as (possibly universal) matching keys; 'all' for includefield=all. */
  include: Set<string> | 'all';
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const MAX_OFFSET = 1_000_000;
const CONTROL = new Set(['limit', 'offset', 'includefield', 'fuzzymatching', 'emptyvaluematching', 'multiplevaluematching']);

/** Study-level keys (Patient and Study IE) and series-level keys; the rest are instance-level. */
const STUDY_TAGS = new Set(['00080020', '00080030', '00080050', '00080061', '00080090', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010']);
const SERIES_TAGS = new Set(['00080021', '00080031', '00080060', '0008103E', '00180015', '0020000E', '00200011', '00400244', '00400245']);
export function levelOf(tag: string): Level {
  return STUDY_TAGS.has(tag) ? 'study' : SERIES_TAGS.has(tag) ? 'series' : 'instance';
}

const MODALITIES_IN_STUDY = '00080061';
const MODALITY = '00080060';

function bad(message: string): ServiceError {
  return new ServiceError('BAD_REQUEST', message);
}

/** `*` and `?` wildcards (PS3.4 C.2.2.2.4) as a LIKE pattern, LIKE's own characters escaped. */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
}

const el = (attrs: SQL, tag: string) => sql`(${attrs} -> ${sql.raw(`'${tag}'`)} -> 'Value')`;
const first = (attrs: SQL, tag: string) => sql`(${el(attrs, tag)} ->> 0)`;
const anyText = (attrs: SQL, tag: string, cond: (v: SQL) => SQL) =>
  sql`exists (select 1 from jsonb_array_elements_text(coalesce(${el(attrs, tag)}, '[]'::jsonb)) as q(v) where ${cond(sql.raw('q.v'))})`;
const list = (values: string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

const DATE = /^\d{8}$/;
const TIME = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** Range matching for DA/TM/DT values (`a-b`, `a-`, `-b`, or a single value). DA and TM text sorts as it compares. */
function rangeMatch(tag: string, vr: string, value: string): (attrs: SQL) => SQL {
  const ok = vr === 'DA' ? (s: string) => DATE.test(s) : vr === 'TM' ? (s: string) => TIME.test(s) : (s: string) => /^\d{4,14}(\.\d{1,6})?$/.test(s);
  const dash = vr === 'DT' ? value.indexOf('-', 1) : value.indexOf('-');
  const [lo, hi] = dash < 0 ? [value, value] : [value.slice(0, dash), value.slice(dash + 1)];
  if ((lo && !ok(lo)) || (hi && !ok(hi)) || (!lo && !hi)) throw bad(`${tag}: "${value}" is not a ${vr} value or range (e.g. 20240101-20241231, 20240101-, -20241231)`);
  return (attrs) => {
    const v = first(attrs, tag);
    const parts = [lo ? sql`${v} >= ${lo}` : undefined, hi ? (dash < 0 ? sql`${v} = ${hi}` : sql`left(${v}, ${hi.length}) <= ${hi}`) : undefined].filter(Boolean) as SQL[];
    return sql.join(parts, sql` and `);
  };
}

function matchOf(tag: string, vr: string, value: string): Match {
  if (tag === MODALITIES_IN_STUDY) {
    // Any instance of the study with one of the modalities: a series-level match on Modality.
    const values = value.split(/[\\,]/).filter(Boolean);
    return { tag: MODALITY, vr: 'CS', on: (a) => anyText(a, MODALITY, (v) => sql`${v} in (${list(values)})`) };
  }
  if (vr === 'UI') {
    const values = value.split(/[\\,]/).filter(Boolean);
    if (values.length > MAX_LIMIT || values.some((u) => !/^[0-9.]{1,64}$/.test(u))) throw bad(`${tag}: "${value.slice(0, 80)}" is not a list of UIDs`);
    return { tag, vr, on: (a) => sql`${first(a, tag)} in (${list(values)})` };
  }
  if (vr === 'DA' || vr === 'TM' || vr === 'DT') return { tag, vr, on: rangeMatch(tag, vr, value) };
  const wild = /[*?]/.test(value);
  if (vr === 'PN') {
    // Case-insensitive, as most archives match names; `*` alone matches any name.
    const p = likePattern(value);
    return {
      tag,
      vr,
      on: (a) => sql`exists (select 1 from jsonb_array_elements(coalesce(${el(a, tag)}, '[]'::jsonb)) as q(v) where coalesce(q.v ->> 'Alphabetic', q.v #>> '{}') ilike ${p} escape '\\')`,
    };
  }
  if (vr === 'SQ' || vr.startsWith('O') || vr === 'UN') throw bad(`${tag}: attributes of VR ${vr} cannot be matched`);
  return { tag, vr, on: (a) => anyText(a, tag, (v) => (wild ? sql`${v} like ${likePattern(value)} escape '\\'` : sql`${v} = ${value}`)) };
}

export function parseQidoQuery(params: URLSearchParams): QidoQuery {
  const matches: Match[] = [];
  let include: Set<string> | 'all' = new Set();
  let limit = DEFAULT_LIMIT;
  let offset = 0;
  for (const [key, value] of params) {
    if (CONTROL.has(key.toLowerCase())) {
      const k = key.toLowerCase();
      if (k === 'limit' || k === 'offset') {
        if (!/^\d{1,9}$/.test(value)) throw bad(`${k} must be a non-negative integer`);
        if (k === 'limit') limit = Math.min(MAX_LIMIT, Math.max(1, Number(value)));
        else offset = Math.min(MAX_OFFSET, Number(value));
      } else if (k === 'includefield') {
        for (const f of value.split(',').map((s) => s.trim()).filter(Boolean)) {
          if (f === 'all') include = 'all';
          else if (include !== 'all') {
            const e = dictionaryEntry(f);
            if (!e) throw bad(`includefield: ${f} is not a DICOM attribute keyword or tag`);
            include.add(e.tag);
          }
        }
      }
      continue;
    }
    const e = key.includes('.') ? undefined : dictionaryEntry(key); // nested (sequence) keys are not matched
    if (!e) continue;
    if (include !== 'all') include.add(e.tag);
    if (value === '' || value === '*') continue; // universal matching: returned, not filtered
    matches.push(matchOf(e.tag, e.vr, value));
  }
  return { matches, include, limit, offset };
}
