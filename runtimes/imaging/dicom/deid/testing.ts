import dcmjs, { type DicomJsonDataset, type DicomJsonElement } from 'dcmjs';
import { listedTags } from './actions';

/**
 * Test helper: a valid instance (from the corpus) with an identifying value put into EVERY
 * attribute Table E.1-1 lists, generated from the same table the de-identifier uses, so a row
 * the transform mishandles cannot hide. Each value is unique to its attribute: text `ID<n>Q`,
 * UIDs under a root of their own, dates, times and numbers distinct per attribute; a sequence
 * gets one item holding a reference UID and a person name, both listed themselves.
 */
export const MARKER_UID_ROOT = '1.2.826.0.1.3680043.10.999.';
export interface Planted {
  tag: string;
  name: string;
  vr: string;
  /** The value planted, as dcmdump prints it (text, UID, number). */
  value: string;
}

type Dict = Record<string, { vr: string }>;
const dictionary = (dcmjs.data as unknown as { DicomMetaDictionary: { dictionary: Dict } }).DicomMetaDictionary.dictionary;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function plantedValue(vr: string, n: number): { json: DicomJsonElement; value: string } | undefined {
  const text = `ID${n}Q`;
  const date = new Date(Date.UTC(1931, 0, 1) + n * 86_400_000);
  const da = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  const tm = `${pad(n % 24, 2)}${pad(n % 60, 2)}${pad((n * 7) % 60, 2)}`;
  switch (vr) {
    case 'AE': case 'CS': case 'SH': case 'LO': case 'ST': case 'LT': case 'UT': case 'UC':
      return { json: { vr, Value: [text] }, value: text };
    case 'PN':
      return { json: { vr, Value: [{ Alphabetic: `${text}^FAMILY${n}Q` }] }, value: text };
    case 'UI':
      return { json: { vr, Value: [`${MARKER_UID_ROOT}${n}`] }, value: `${MARKER_UID_ROOT}${n}` };
    case 'DA':
      return { json: { vr, Value: [da] }, value: da };
    case 'DT':
      return { json: { vr, Value: [`${da}${tm}`] }, value: `${da}${tm}` };
    case 'TM':
      return { json: { vr, Value: [tm] }, value: tm };
    case 'AS':
      return { json: { vr, Value: [`${pad(n % 1000, 3)}Y`] }, value: `${pad(n % 1000, 3)}Y` };
    case 'DS': case 'IS':
      return { json: { vr, Value: [String(7000 + n)] }, value: String(7000 + n) };
    case 'US':
      return { json: { vr, Value: [7000 + n] }, value: String(7000 + n) };
    case 'OB':
      return { json: { vr, Value: [new TextEncoder().encode(`${text}${text.length % 2 ? ' ' : ''}`).buffer] }, value: text };
    default:
      return undefined;
  }
}

function sequenceItem(n: number): DicomJsonDataset {
  return {
    '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
    '00081155': { vr: 'UI', Value: [`${MARKER_UID_ROOT}${n}.1`] },
    '0040A123': { vr: 'PN', Value: [{ Alphabetic: `ID${n}Q` }] },
  };
}

/** The base instance with every listed attribute planted; also a private block and an overlay. */
export function withEveryListedAttribute(base: Uint8Array): { bytes: Uint8Array; planted: Planted[]; skipped: string[] } {
  const dict = dcmjs.data.DicomMessage.readFile(base.slice().buffer);
  const planted: Planted[] = [];
  const skipped: string[] = [];
  listedTags().forEach(([tag, name], n) => {
    // Repeating groups are planted below; the command (0000) and file meta (0002) groups are not
    // part of a dataset; the table lists one tag twice.
    if (tag.includes('x') || /^000[02]/.test(tag) || planted.some((p) => p.tag === tag)) return;
    const vr = dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`]?.vr ?? '';
    if (vr === 'SQ') {
      dict.dict[tag] = { vr, Value: [sequenceItem(n)] };
      planted.push({ tag, name, vr, value: `ID${n}Q` }, { tag, name, vr, value: `${MARKER_UID_ROOT}${n}.1` });
      return;
    }
    const v = plantedValue(vr, n);
    if (!v) return void skipped.push(`${tag} ${name} (${vr})`);
    dict.dict[tag] = v.json;
    planted.push({ tag, name, vr, value: v.value });
  });
  dict.dict['60003000'] = { vr: 'OW', Value: [new Uint8Array(512 * 512 / 8).fill(0x55).buffer] };
  dict.dict['60004000'] = { vr: 'LT', Value: ['ID9001Q'] };
  planted.push({ tag: '60004000', name: 'Overlay Comments', vr: 'LT', value: 'ID9001Q' });
  dict.dict['00090010'] = { vr: 'LO', Value: ['STUDIO TEST'] };
  dict.dict['00091001'] = { vr: 'LO', Value: ['ID9002Q'] };
  dict.dict['00091002'] = { vr: 'LO', Value: ['SAFE VALUE'] };
  planted.push({ tag: '00091001', name: 'Private', vr: 'LO', value: 'ID9002Q' });
  dict.meta['00020003'] = dict.dict['00080018']; // the planted SOP Instance UID, as the file meta must say
  return { bytes: new Uint8Array(dict.write()), planted, skipped };
}
