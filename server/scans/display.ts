import { displayDefaults, type DisplayDefaults } from '../../runtimes/imaging/dicom/display-defaults';
import type { ServiceDeps } from '../context';
import { requireScan } from './service';

/** null for NIfTI scans (no display attributes: the viewer windows them on min..max). */
export type ScanDisplay = DisplayDefaults | null;

/**
 * Initial window/level and MONOCHROME1 inversion for the viewer of a DICOM scan, from its
 * first file, in the real-world units of the volume `GET /api/scans/[id]/volume` serves (HU for CT).
 */
export async function scanDisplay(deps: ServiceDeps, scanId: string): Promise<ScanDisplay> {
  const scan = await requireScan(deps, scanId);
  if (scan.format !== 'dicom' || !scan.files.length) return null;
  const first = scan.files[0];
  return displayDefaults(await deps.blobs.read(first.sha256), first.name);
}
