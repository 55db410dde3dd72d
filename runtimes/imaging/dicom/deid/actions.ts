import type { ActionCode, ProfileRow } from './codes';
import { TABLE_E1_1 } from './table.generated';

export type { ActionCode, OptionKey, ProfileRow } from './codes';

/** What the studio's settings offer on top of the Basic Profile. */
export interface ProfileOptions {
  /** Retain Longitudinal Temporal Information with Modified Dates (dates shifted per patient). */
  retainLongitudinalModifiedDates: boolean;
  retainPatientCharacteristics: boolean;
  cleanDescriptors: boolean;
}

/**
 * The single action this de-identifier applies, resolved from a compound code without the IOD
 * tables: an attribute that had no value stays empty (Z); otherwise X/Z empties it (valid for type
 * 2 and 3 alike), X/D, Z/D and X/Z/D put a dummy in (valid even where the IOD makes it type 1),
 * and X/Z/U* keeps a reference sequence (its UIDs are U rows of their own, replaced inside).
 * The two X/Z sequences: Acquisition Context Sequence is type 2 where IODs use it, so it is
 * emptied (zero items); Referenced Study Sequence is type 3, where zero items is invalid, so it
 * is removed. No identifying value survives any of these choices; they keep the IOD valid.
 */
export type Action = 'X' | 'Z' | 'D' | 'U' | 'K' | 'C';

const exact = new Map<string, ProfileRow>();
const repeating: ProfileRow[] = [];
let privateRow: ProfileRow | undefined;
for (const row of TABLE_E1_1) {
  if (row[0] === 'odd') privateRow = row;
  else if (row[0].includes('x')) repeating.push(row);
  else if (!exact.has(row[0])) exact.set(row[0], row); // one tag is listed twice: the first row is used
}

const matches = (pattern: string, tag: string) => [...pattern].every((c, i) => c === 'x' || c === tag[i]);

/** The table row of a tag (8 upper-case hex digits), or undefined when the profile does not list it. */
export function rowOf(tag: string): ProfileRow | undefined {
  if (parseInt(tag.slice(0, 4), 16) % 2 === 1) return privateRow;
  return exact.get(tag) ?? repeating.find((r) => matches(r[0], tag));
}

const OFFERED: readonly (keyof ProfileOptions)[] = ['retainLongitudinalModifiedDates', 'retainPatientCharacteristics', 'cleanDescriptors'];

/** The code of a row under the options: an enabled option's code replaces the Basic Profile's. */
export function codeOf(row: ProfileRow, options: ProfileOptions): ActionCode {
  for (const key of OFFERED) {
    const code = row[3][key];
    if (options[key] && code) return code;
  }
  return row[2];
}

const TYPE_2_SEQUENCES = new Set(['00400555']);

export function resolve(code: ActionCode, hasValue: boolean, isSequence: boolean, tag: string): Action {
  switch (code) {
    case 'X/Z':
      return isSequence && !TYPE_2_SEQUENCES.has(tag) ? 'X' : 'Z';
    case 'X/D':
    case 'Z/D':
    case 'X/Z/D':
      return hasValue ? 'D' : 'Z';
    case 'X/Z/U*':
      return isSequence ? 'K' : hasValue ? 'U' : 'Z';
    default:
      return code;
  }
}

/** Every listed tag with its name (the test builds an instance holding them all). */
export const listedTags = () => TABLE_E1_1.filter((r) => r[0] !== 'odd');
