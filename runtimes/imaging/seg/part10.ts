import dcmjs, { type DicomJsonDataset } from 'dcmjs';
import { RuntimeError } from '../../core/errors';

/**
 * The one adapter over dcmjs's writer. Datasets are built in the DICOM JSON model with every
 * VR stated explicitly (never guessed from a dictionary); dcmjs sorts tags, writes sequences
 * and items with undefined length, pads values to even length (UI with NUL, text with space)
 * and prefixes the file meta group with its group length.
 */
export type Dataset = DicomJsonDataset;

/** A value of one element: text (one or many), numbers, nested items (SQ) or bytes (OB). */
export type ElementValue = string | number | (string | number)[] | Dataset[] | Uint8Array | undefined;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** This product's ImplementationClassUID: 2.25 + a constant derived from its name (fixed forever). */
export const IMPLEMENTATION_CLASS_UID = '2.25.268771513155086412297473119265512060040';
export const IMPLEMENTATION_VERSION_NAME = 'IMGPIPESTUDIO_1';

const tagKey = (tag: number) => tag.toString(16).toUpperCase().padStart(8, '0');

/**
 * Builds a dataset (or sequence item) from [tag, VR, value] triples. An undefined or empty
 * value gives a zero-length element (DICOM type 2 "present but unknown").
 */
export function item(...elements: [tag: number, vr: string, value?: ElementValue][]): Dataset {
  const out: Dataset = {};
  for (const [tag, vr, value] of elements) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      out[tagKey(tag)] = { vr, Value: [] };
    } else if (value instanceof Uint8Array) {
      // dcmjs takes binary values as [ArrayBuffer]; copy so a view's offset cannot leak in.
      out[tagKey(tag)] = { vr, Value: [value.slice().buffer] };
    } else {
      const values = Array.isArray(value) ? value : [value];
      out[tagKey(tag)] = { vr, Value: vr === 'PN' ? values.map((v) => ({ Alphabetic: String(v) })) : values };
    }
  }
  return out;
}

/** Explicit VR Little Endian Part 10 file: 128-byte preamble, "DICM", file meta, dataset. */
export function writePart10(sopClassUid: string, sopInstanceUid: string, dataset: Dataset): Uint8Array {
  const meta = item(
    [0x00020001, 'OB', Uint8Array.of(0, 1)],
    [0x00020002, 'UI', sopClassUid],
    [0x00020003, 'UI', sopInstanceUid],
    [0x00020010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN],
    [0x00020012, 'UI', IMPLEMENTATION_CLASS_UID],
    [0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME],
  );
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dataset;
  try {
    return new Uint8Array(dict.write());
  } catch (e) {
    throw new RuntimeError('CORRUPT_INPUT', `the DICOM dataset could not be encoded: ${(e as Error)?.message ?? String(e)}`);
  }
}

/**
 * DS text of at most 16 characters (the VR's limit): the shortest of up to 12 significant
 * digits that fits. -0 is written as 0.
 */
export function ds(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`DS value ${v} is not finite`);
  for (let p = 12; p >= 1; p--) {
    const s = String(Number(v.toPrecision(p)) + 0);
    if (s.length <= 16) return s;
  }
  return v.toExponential(6);
}

/** True when every string value of the dataset (recursively) is plain ASCII. */
export function isAscii(d: Dataset): boolean {
  return Object.values(d).every((e) =>
    (e.Value ?? []).every((v) => {
      if (typeof v === 'string') return /^[\x20-\x7e]*$/.test(v);
      if (v && typeof v === 'object' && 'Alphabetic' in v) return /^[\x20-\x7e]*$/.test(String((v as { Alphabetic: unknown }).Alphabetic));
      if (v && typeof v === 'object' && !(v instanceof ArrayBuffer)) return isAscii(v as Dataset);
      return true;
    }),
  );
}
