import dcmjs, { type DicomJsonDataset, type DicomJsonElement } from 'dcmjs';
import { RuntimeError } from '../../../core/errors';
import { parseDicom } from '../parse';
import { codeOf, resolve, rowOf, type ActionCode, type ProfileOptions } from './actions';
import { burnedInReason } from './burned-in';
import { keyedDateShift, keyedPatient, keyedUid } from './keyed';
import { filterPrivate, type SafePrivate } from './private';
import { dummyFor, identifyingTerms, scrub, shiftValue } from './values';

export interface DeidOptions extends ProfileOptions {
  /** The workspace's secret: UIDs, the patient pseudonym and the date shift derive from it. */
  key: Uint8Array;
  safePrivate: readonly SafePrivate[];
}

export interface DeidReport {
  /** Why the pixels may carry burned-in text (not removed here: the caller flags or refuses). */
  burnedIn: string | null;
  patient: { id: string; name: string; pseudonym: string };
  /** Every UID replaced: original -> new. */
  uids: Record<string, string>;
  dateShiftDays: number | null;
  counts: { removed: number; emptied: number; dummied: number; uids: number; cleaned: number; privateRemoved: number; privateKept: number };
  /** Deflated input is written as Explicit VR Little Endian (the same dataset, not deflated). */
  transferSyntax: string;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN', 'CS', 'AE']);
const PATIENT_ID = '00100020';
const PATIENT_NAME = '00100010';

const str = (v: unknown): string => (v && typeof v === 'object' && 'Alphabetic' in v ? String((v as { Alphabetic?: unknown }).Alphabetic ?? '') : String(v ?? ''));
const hasValue = (el: DicomJsonElement) => (el.Value ?? []).some((v) => (typeof v === 'string' ? v.trim() !== '' : v !== null && v !== undefined));

interface Walk {
  opts: DeidOptions;
  report: DeidReport;
  terms: string[];
}

function cleanValue(el: DicomJsonElement, w: Walk): DicomJsonElement {
  const days = w.report.dateShiftDays;
  if ((el.vr === 'DA' || el.vr === 'DT') && days !== null) return { vr: el.vr, Value: (el.Value ?? []).map((v) => shiftValue(el.vr as 'DA' | 'DT', str(v), days)) };
  if (el.vr === 'PN') return { vr: el.vr, Value: (el.Value ?? []).map((v) => ({ Alphabetic: scrub(str(v), w.terms) })) };
  if (TEXT_VRS.has(el.vr)) return { vr: el.vr, Value: (el.Value ?? []).map((v) => scrub(str(v), w.terms)) };
  return el;
}

/**
 * Stricter than the table: a date the table does not list (Instance Creation Date, dates of
 * newer attributes) is handled like the listed ones, shifted with the others or replaced, so no
 * real date is left beside the shifted ones.
 */
const unlistedDate = (vr: string, opts: ProfileOptions): ActionCode | undefined =>
  vr === 'DA' || vr === 'DT' ? (opts.retainLongitudinalModifiedDates ? 'C' : 'X/Z/D') : undefined;

function walk(ds: DicomJsonDataset, w: Walk, depth: number): void {
  if (depth > 64) throw new RuntimeError('DICOM_PARSE', 'sequences nest deeper than 64 levels');
  const p = filterPrivate(ds, w.opts.safePrivate);
  w.report.counts.privateRemoved += p.removed;
  w.report.counts.privateKept += p.kept;
  const c = w.report.counts;
  for (const tag of Object.keys(ds)) {
    const el = ds[tag];
    if (!el) continue; // went with its overlay group
    if (tag.endsWith('0000') || tag.startsWith('0000')) {
      delete ds[tag]; // group lengths (retired) would be stale; command elements never belong in a dataset
      continue;
    }
    const row = parseInt(tag.slice(0, 4), 16) % 2 === 1 ? undefined : rowOf(tag);
    const items = el.vr === 'SQ' ? ((el.Value ?? []) as DicomJsonDataset[]) : [];
    const code = row ? codeOf(row, w.opts) : unlistedDate(el.vr, w.opts);
    const action = code ? resolve(code, hasValue(el), el.vr === 'SQ', tag) : 'K';
    if (row && action === 'X' && /^60[0-9A-F]{2}(3000|4000)$/.test(tag)) {
      // An overlay's data or comments go with the whole overlay group, which would be incomplete.
      for (const t of Object.keys(ds)) if (t.startsWith(tag.slice(0, 4))) delete ds[t];
      c.removed++;
    } else if (action === 'X') {
      delete ds[tag];
      c.removed++;
    } else if (action === 'Z') {
      ds[tag] = { vr: el.vr, Value: [] };
      c.emptied++;
    } else if (action === 'U') {
      ds[tag] = { vr: el.vr, Value: (el.Value ?? []).map((v) => mapUid(str(v), w)) };
    } else if (action === 'D' && el.vr !== 'SQ') {
      const dummy = dummyFor(el.vr);
      ds[tag] = { vr: el.vr, Value: dummy === undefined ? [] : [dummy] };
      c.dummied++;
    } else if (action === 'C' && el.vr !== 'SQ') {
      ds[tag] = cleanValue(el, w);
      c.cleaned++;
    }
    // K, and D or C of a sequence: the items stay, each de-identified in turn.
    if (ds[tag] && el.vr === 'SQ') for (const item of items) walk(item, w, depth + 1);
  }
}

function mapUid(uid: string, w: Walk): string {
  const original = uid.replace(/\0+$/, '').trim();
  if (!original) return '';
  let mapped = w.report.uids[original];
  if (!mapped) {
    mapped = keyedUid(w.opts.key, original);
    w.report.uids[original] = mapped;
    w.report.counts.uids++;
  }
  return mapped;
}

const METHOD_CODES: [string, string, keyof ProfileOptions | null][] = [
  ['113100', 'Basic Application Confidentiality Profile', null],
  ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option', 'retainLongitudinalModifiedDates'],
  ['113108', 'Retain Patient Characteristics Option', 'retainPatientCharacteristics'],
  ['113105', 'Clean Descriptors Option', 'cleanDescriptors'],
];

/** PS3.15 E.1.1: say that the identity was removed, and how. */
function markDeidentified(ds: DicomJsonDataset, opts: DeidOptions, shifted: boolean) {
  const used = METHOD_CODES.filter(([, , key]) => key === null || opts[key]);
  ds['00120062'] = { vr: 'CS', Value: ['YES'] };
  ds['00120063'] = { vr: 'LO', Value: used.map(([, meaning]) => meaning.slice(0, 64)) };
  ds['00120064'] = {
    vr: 'SQ',
    Value: used.map(([code, meaning]) => ({ '00080100': { vr: 'SH', Value: [code] }, '00080102': { vr: 'SH', Value: ['DCM'] }, '00080104': { vr: 'LO', Value: [meaning.slice(0, 64)] } })),
  };
  ds['00280303'] = { vr: 'CS', Value: [shifted ? 'MODIFIED' : 'REMOVED'] };
}

/**
 * dcmjs reads to the end of the file; some writers pad a file with zero bytes after its last
 * element (which DCMTK and dicom-parser read as padding). When dcmjs stops on such a tail, the
 * file is read again up to the end of its last real element.
 */
function readPart10(bytes: Uint8Array) {
  try {
    return dcmjs.data.DicomMessage.readFile(bytes.slice().buffer);
  } catch (e) {
    const elements = Object.values(parseDicom(bytes, 'the file').elements).filter((el) => el.tag !== 'x00000000');
    const end = Math.max(...elements.map((el) => el.dataOffset + el.length));
    if (!(end < bytes.length) || bytes.subarray(end).some((b) => b !== 0)) throw e;
    return dcmjs.data.DicomMessage.readFile(bytes.slice(0, end).buffer);
  }
}

/**
 * De-identifies one Part 10 instance with the Basic Application Level Confidentiality Profile
 * (PS3.15 Table E.1-1, generated into table.generated.ts) and the chosen options. Pure: bytes
 * in, bytes and a report out; the report holds the originals (patient, UIDs) for a caller that
 * keeps a re-identification map, so it must not be logged.
 */
export function deidentify(bytes: Uint8Array, opts: DeidOptions): { bytes: Uint8Array; report: DeidReport } {
  let dict;
  try {
    dict = readPart10(bytes);
  } catch (e) {
    throw new RuntimeError('DICOM_PARSE', `the DICOM file could not be read for de-identification: ${(e as Error)?.message ?? String(e)}`);
  }
  const ds = dict.dict;
  const patientId = str(ds[PATIENT_ID]?.Value?.[0]).trim();
  const patientName = str(ds[PATIENT_NAME]?.Value?.[0]).trim();
  const pseudonym = keyedPatient(opts.key, patientId || patientName);
  const report: DeidReport = {
    burnedIn: burnedInReason(ds),
    patient: { id: patientId, name: patientName, pseudonym },
    uids: {},
    dateShiftDays: opts.retainLongitudinalModifiedDates ? keyedDateShift(opts.key, patientId || patientName) : null,
    counts: { removed: 0, emptied: 0, dummied: 0, uids: 0, cleaned: 0, privateRemoved: 0, privateKept: 0 },
    transferSyntax: str(dict.meta['00020010']?.Value?.[0]),
  };
  const idValues = ['00100010', '00100020', '00101000', '00101001', '00101002', '00100030', '00080050', '00080090', '00081050', '00081060', '00081070', '00101040', '00102154']
    .flatMap((t) => (ds[t]?.Value ?? []).map(str));
  walk(ds, { opts, report, terms: identifyingTerms(idValues) }, 0);
  // Z allows a dummy: a keyed pseudonym keeps one patient's instances together.
  ds[PATIENT_ID] = { vr: 'LO', Value: [pseudonym] };
  ds[PATIENT_NAME] = { vr: 'PN', Value: [{ Alphabetic: pseudonym }] };
  markDeidentified(ds, opts, report.dateShiftDays !== null);

  const meta = dict.meta;
  for (const t of ['00020016', '00020017', '00020018', '00020100', '00020102', '00020000']) delete meta[t];
  const sop = str(meta['00020003']?.Value?.[0]);
  if (sop) meta['00020003'] = { vr: 'UI', Value: [mapUid(sop, { opts, report, terms: [] })] };
  if (report.transferSyntax === DEFLATED) meta['00020010'] = { vr: 'UI', Value: [(report.transferSyntax = EXPLICIT_LE)] };
  try {
    return { bytes: new Uint8Array(dict.write()), report };
  } catch (e) {
    throw new RuntimeError('CORRUPT_INPUT', `the de-identified dataset could not be encoded: ${(e as Error)?.message ?? String(e)}`);
  }
}
