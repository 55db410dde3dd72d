import type { DicomSeriesValue } from '../../core/values';
import type { DataSet } from './parse';

const utf8 = new TextDecoder('utf-8');

/**
 * The Patient and General Study attributes of a source image that a derived object (SEG) must
 * repeat. For the series reader: `{ ...series, ...sourceModules(firstSlice.ds) }`.
 * dicom-parser reads text as Latin-1 (right for the default repertoire and ISO_IR 100); UTF-8
 * sources (ISO_IR 192) are decoded as UTF-8 so names survive the copy.
 */
export function sourceModules(ds: DataSet): Pick<DicomSeriesValue, 'patient' | 'study'> {
  const unicode = (ds.string('x00080005') ?? '').includes('ISO_IR 192');
  const s = (tag: string) => {
    const e = ds.elements[tag];
    if (!e) return undefined;
    const raw = unicode ? utf8.decode(ds.byteArray.subarray(e.dataOffset, e.dataOffset + e.length)) : ds.string(tag);
    return raw?.replace(/\0+$/, '').trim() || undefined;
  };
  return {
    patient: { name: s('x00100010'), id: s('x00100020'), birthDate: s('x00100030'), sex: s('x00100040') },
    study: {
      date: s('x00080020'),
      time: s('x00080030'),
      id: s('x00200010'),
      accessionNumber: s('x00080050'),
      referringPhysicianName: s('x00080090'),
      description: s('x00081030'),
    },
  };
}
