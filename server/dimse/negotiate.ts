import { CODECS } from '../../runtimes/imaging/dicom/codecs/registry';
import { NATIVE_SYNTAXES } from '../../runtimes/imaging/dicom/transfer-syntax';

/**
 * What the studio's C-STORE SCP accepts (pure: no sockets). Instances are stored as received, so
 * a transfer syntax is accepted only when the studio can read it later (runtimes/imaging/dicom
 * decodes every one listed here); nothing is transcoded on the way in.
 */
export const VERIFICATION = '1.2.840.10008.1.1';

/** Every transfer syntax the studio reads (native, or with a codec of its own): nothing else is accepted. */
export const TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([...Object.keys(NATIVE_SYNTAXES), ...Object.keys(CODECS)]);

/** Storage SOP classes of images (and the studio's own outputs, SEG and Secondary Capture). */
export const STORAGE_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.1': 'CR Image',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image (Presentation)',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image (Processing)',
  '1.2.840.10008.5.1.4.1.1.1.2': 'Digital Mammography X-Ray Image (Presentation)',
  '1.2.840.10008.5.1.4.1.1.1.2.1': 'Digital Mammography X-Ray Image (Processing)',
  '1.2.840.10008.5.1.4.1.1.2': 'CT Image',
  '1.2.840.10008.5.1.4.1.1.2.1': 'Enhanced CT Image',
  '1.2.840.10008.5.1.4.1.1.3.1': 'Ultrasound Multi-frame Image',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image',
  '1.2.840.10008.5.1.4.1.1.4.1': 'Enhanced MR Image',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.7.1': 'Multi-frame Single Bit Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.7.2': 'Multi-frame Grayscale Byte Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.7.3': 'Multi-frame Grayscale Word Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.7.4': 'Multi-frame True Color Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.12.1': 'X-Ray Angiographic Image',
  '1.2.840.10008.5.1.4.1.1.12.2': 'X-Ray Radiofluoroscopic Image',
  '1.2.840.10008.5.1.4.1.1.20': 'Nuclear Medicine Image',
  '1.2.840.10008.5.1.4.1.1.66.4': 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.128': 'Positron Emission Tomography Image',
  '1.2.840.10008.5.1.4.1.1.130': 'Enhanced PET Image',
};

/** PS3.8 9.3.3.2 presentation context results. */
export const PC_RESULT = { accept: 0, abstractSyntaxNotSupported: 3, transferSyntaxesNotSupported: 4 } as const;

export interface ProposedContext {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: readonly string[];
}
export interface ContextDecision {
  id: number;
  result: (typeof PC_RESULT)[keyof typeof PC_RESULT];
  /** The accepted transfer syntax (the caller's first choice among those the studio reads). */
  transferSyntax?: string;
}

/**
 * One decision per proposed context. The SCU's order is its preference (PS3.8), and since nothing
 * is transcoded the first one the studio can read is what will be stored.
 */
export function negotiate(proposed: readonly ProposedContext[]): ContextDecision[] {
  return proposed.map(({ id, abstractSyntax, transferSyntaxes }) => {
    const known = abstractSyntax === VERIFICATION || abstractSyntax in STORAGE_SOP_CLASSES;
    if (!known) return { id, result: PC_RESULT.abstractSyntaxNotSupported };
    // Verification carries no dataset: only the default syntax matters, but any listed one will do.
    const ts = transferSyntaxes.find((t) => TRANSFER_SYNTAXES.has(t));
    return ts ? { id, result: PC_RESULT.accept, transferSyntax: ts } : { id, result: PC_RESULT.transferSyntaxesNotSupported };
  });
}

/** PS3.4 C-STORE statuses the SCP answers with. */
export const STORE_STATUS = {
  success: 0x0000,
  /** Refused: Out of Resources (the instance is too large or the store is full). */
  outOfResources: 0xa700,
  /** Error: Data Set does not match SOP Class. */
  datasetMismatch: 0xa900,
  /** Error: Cannot understand. */
  cannotUnderstand: 0xc000,
  /** Refused: SOP Class not supported (PS3.7 C.5.4). */
  sopClassNotSupported: 0x0122,
  /** Failure: Processing failure (PS3.7 C.5.5); also what an outage of the database answers. */
  processingFailure: 0x0110,
} as const;
export type StoreStatus = (typeof STORE_STATUS)[keyof typeof STORE_STATUS];
