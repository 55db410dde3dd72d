/**
 * The part of dcmjs (no bundled types) that the SEG writer and the instance index use: a dataset in the DICOM JSON
 * model keyed by 8-digit upper-case hex tags, written as Part 10 (explicit VR little endian).
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
    log: { getLogger(name: string): { setLevel(level: 'silent' | 'error' | 'warn'): void } };
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { untilTag?: string; includeUntilTagValue?: boolean; ignoreErrors?: boolean; noCopy?: boolean },
        ): DicomDict;
      };
      Colors: { rgb2DICOMLAB(rgb: [number, number, number]): [number, number, number] };
    };
  };
  export default dcmjs;
}
