import { item, type Dataset } from './part10';

/**
 * A coded concept (Code Sequence item, PS3.3 Table 8.8-1). `scheme` is the Coding Scheme
 * Designator: 'SCT' (SNOMED CT) for anatomy, 'DCM' for DICOM's own codes, or a private
 * scheme ('99...' by convention) for user-defined codes.
 */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

/** Generic defaults when a segment has no codes (SNOMED CT "Tissue", CID 7150 / 7151). */
export const TISSUE: Code = { value: '85756007', scheme: 'SCT', meaning: 'Tissue' };

/** Purpose of reference of a source image (CID 7202). */
export const SOURCE_IMAGE_PURPOSE: Code = { value: '121322', scheme: 'DCM', meaning: 'Source image for image processing operation' };
/** Derivation code of a segmentation frame (CID 7203). */
export const SEGMENTATION_DERIVATION: Code = { value: '113076', scheme: 'DCM', meaning: 'Segmentation' };
/** Algorithm family of a learned model (CID 7162). */
export const ARTIFICIAL_INTELLIGENCE: Code = { value: '123110', scheme: 'DCM', meaning: 'Artificial Intelligence' };

/** One Code Sequence item. CodeValue is SH (16 chars), CodeMeaning LO (64). */
export function codeItem(c: Code): Dataset {
  return item([0x00080100, 'SH', c.value], [0x00080102, 'SH', c.scheme], [0x00080104, 'LO', c.meaning]);
}

/** Reads a Code Sequence item back (missing parts as ''). */
export function codeOf(get: (tag: string) => string | undefined): Code {
  return { value: get('x00080100') ?? '', scheme: get('x00080102') ?? '', meaning: get('x00080104') ?? '' };
}
