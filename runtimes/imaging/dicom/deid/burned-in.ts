import type { DicomJsonDataset } from 'dcmjs';

/**
 * Modalities whose images usually carry burned-in text (names, dates, measurements drawn into the
 * pixels), which no header de-identification removes: ultrasound, angiography and fluoroscopy
 * (XA, RF), endoscopy and external/visible-light photography (ES, XC, GM), and "other" (OT, the
 * modality of most screen captures). Secondary Capture SOP classes are treated alike whatever
 * their modality. An instance that says BurnedInAnnotation NO is believed; YES is always flagged.
 */
export const BURNED_IN_MODALITIES: readonly string[] = ['US', 'XA', 'RF', 'ES', 'XC', 'GM', 'OT'];
const SECONDARY_CAPTURE_ROOT = '1.2.840.10008.5.1.4.1.1.7';

const first = (ds: DicomJsonDataset, tag: string) => String(ds[tag]?.Value?.[0] ?? '').trim();

/** Why this instance may have burned-in annotation, or null. */
export function burnedInReason(ds: DicomJsonDataset): string | null {
  const said = first(ds, '00280301').toUpperCase();
  if (said === 'YES') return 'BurnedInAnnotation is YES';
  if (said === 'NO') return null;
  const modality = first(ds, '00080060').toUpperCase();
  if (BURNED_IN_MODALITIES.includes(modality)) return `modality ${modality} usually has burned-in annotation (BurnedInAnnotation not stated)`;
  const sopClass = first(ds, '00080016');
  if (sopClass === SECONDARY_CAPTURE_ROOT || sopClass.startsWith(`${SECONDARY_CAPTURE_ROOT}.`)) {
    return 'Secondary Capture images usually have burned-in annotation (BurnedInAnnotation not stated)';
  }
  return null;
}
