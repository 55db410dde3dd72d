/** What of a DICOM series tells it apart from the other series of a study or patient. */
export interface SeriesLabel {
  seriesDescription?: string;
  seriesNumber?: string;
  /** DICOM DA (YYYYMMDD): the series date, else the study date. */
  date?: string;
}

const isoDate = (da: string) => (/^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da);

/**
 * The name of a DICOM scan the uploader did not name: description, series number and date,
 * e.g. "T1 MPRAGE · series 3 · 2021-04-05" (two series of one study differ by their number).
 * Undefined when the headers give none of them (the caller falls back to the file name).
 */
export function dicomScanName(label: SeriesLabel): string | undefined {
  const parts = [
    label.seriesDescription?.trim(),
    label.seriesNumber?.trim() ? `series ${label.seriesNumber.trim()}` : undefined,
    label.date?.trim() ? isoDate(label.date.trim()) : undefined,
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(' · ') : undefined;
}
