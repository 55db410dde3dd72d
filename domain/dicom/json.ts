/**
 * The DICOM JSON model (PS3.18 F.2): attributes keyed by 8-digit upper-case hex tags. What the
 * instance index keeps per instance and what QIDO-RS / WADO-RS metadata answer with.
 */
export type DicomJsonElement = { vr: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string };
export type DicomJson = Record<string, DicomJsonElement>;

/** Tags the index reads, by keyword. */
export const TAGS = {
  SpecificCharacterSet: '00080005',
  StudyDate: '00080020',
  StudyTime: '00080030',
  AccessionNumber: '00080050',
  Modality: '00080060',
  ModalitiesInStudy: '00080061',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  StudyDescription: '00081030',
  SeriesDescription: '0008103E',
  ReferringPhysicianName: '00080090',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  BodyPartExamined: '00180015',
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  StudyID: '00200010',
  SeriesNumber: '00200011',
  InstanceNumber: '00200013',
  SamplesPerPixel: '00280002',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  BitsAllocated: '00280100',
  BurnedInAnnotation: '00280301',
} as const;

/** The first value of an attribute as text (a person name as its alphabetic form), or ''. */
export function textOf(attrs: DicomJson, tag: string): string {
  const v = attrs[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String((v as { Alphabetic?: string }).Alphabetic ?? '');
  return String(v);
}

/** Every value of an attribute as text. */
export function textsOf(attrs: DicomJson, tag: string): string[] {
  return (attrs[tag]?.Value ?? []).map((v) => (v !== null && typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v ?? '')));
}
