import type { DisplayDefaults } from '../../runtimes/imaging/dicom/display-defaults';

/** The initial VOI of the viewer: cornerstone's windowCenter/windowWidth (modality units) and invert. */
export interface InitialVoi {
  windowCenter: number;
  windowWidth: number;
  invert: boolean;
}

/**
 * The DICOM display defaults when the scan has them (window/level from the header or VOI LUT,
 * MONOCHROME1 inverted), else the whole volume's min..max (also for a series without a window), so every slice starts with the
 * same contrast. Values are in the volume's units: the server's NIfTI holds real-world values.
 */
export function initialVoi(display: DisplayDefaults | null | undefined, range: { min: number; max: number }): InitialVoi {
  // 'minmax' is the first file's range only (often an almost empty end slice): the volume's is better.
  if (display && display.source !== 'minmax' && display.window.width > 0) {
    return { windowCenter: display.window.center, windowWidth: display.window.width, invert: display.invert };
  }
  const width = Math.max(range.max - range.min, 1);
  return { windowCenter: range.min + width / 2, windowWidth: width, invert: display?.invert ?? false };
}

/** GET /api/scans/<id>/display; null for NIfTI scans or when the route fails (the viewer then falls back to min..max). */
export async function fetchScanDisplay(scanId: string, signal?: AbortSignal): Promise<DisplayDefaults | null> {
  const res = await fetch(`/api/scans/${scanId}/display`, { signal }).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json().catch(() => null)) as { display?: DisplayDefaults | null } | null;
  return body?.display ?? null;
}

/** Window/level presets (width, level) in Hounsfield units: meaningful on CT; on MR they are only a starting point. */
export const VOI_PRESETS = [
  { name: 'Brain', width: 80, level: 40 },
  { name: 'Soft tissue', width: 400, level: 40 },
  { name: 'Lung', width: 1500, level: -600 },
  { name: 'Bone', width: 2000, level: 300 },
] as const;
