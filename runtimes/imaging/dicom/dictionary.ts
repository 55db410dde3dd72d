import dcmjs from 'dcmjs';

/** An attribute of the DICOM data dictionary: its tag as 8 upper-case hex digits and its VR. */
export interface DictionaryEntry {
  tag: string;
  vr: string;
  keyword: string;
}

type Raw = { tag: string; vr: string; name: string };
// The dictionary is in dcmjs but not in the studio's declaration of it (runtimes/imaging/seg/dcmjs.d.ts).
const meta = (dcmjs.data as unknown as { DicomMetaDictionary: { nameMap: Record<string, Raw>; dictionary: Record<string, Raw> } }).DicomMetaDictionary;
const entry = (r: Raw): DictionaryEntry => ({ tag: r.tag.replace(/[(),]/g, '').toUpperCase(), vr: r.vr, keyword: r.name });

/**
 * Looks an attribute up by keyword (`PatientName`) or by tag (`00100010`, any case), as QIDO-RS
 * query keys and includefield name them (PS3.18 8.3.4.1). Undefined for anything else.
 */
export function dictionaryEntry(key: string): DictionaryEntry | undefined {
  if (/^[0-9a-fA-F]{8}$/.test(key)) {
    const t = key.toUpperCase();
    const r = meta.dictionary[`(${t.slice(0, 4)},${t.slice(4)})`];
    return r ? entry(r) : { tag: t, vr: 'UN', keyword: t };
  }
  const r = Object.hasOwn(meta.nameMap, key) ? meta.nameMap[key] : undefined;
  return r ? entry(r) : undefined;
}
