/**
 * The part of dcmjs (no bundled types) that the SEG writer and the de-identifier use: a dataset
 * in the DICOM JSON model keyed by 8-digit upper-case hex tags, read from and written as Part 10.
 */
declare module 'dcmjs' {
  export interface DicomJsonElement {
    vr: string;
    Value?: unknown[];
  }
  export type DicomJsonDataset = Record<string, DicomJsonElement>;

  class DicomDict {
    constructor(meta: DicomJsonDataset);
    meta: DicomJsonDataset;
    dict: DicomJsonDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): DicomDict };
      Colors: { rgb2DICOMLAB(rgb: [number, number, number]): [number, number, number] };
    };
  };
  export default dcmjs;
}
