import type { ServiceDeps } from '../context';
import { storeInstances } from './stow';

/**
 * The STOW-RS answer (application/dicom+json). `x-studio-scans: <SeriesInstanceUID>=<scanId>,...`
 * names the scan each stored series became (what POST /api/v1/runs takes).
 */
export async function stowResponse(deps: ServiceDeps, request: Request, root: string, limitBytes: number, study?: string): Promise<Response> {
  const result = await storeInstances(deps, request, limitBytes, { root, study });
  return Response.json(result.body, {
    status: result.status,
    headers: { 'content-type': 'application/dicom+json', 'x-studio-scans': result.scans.map((s) => `${s.seriesUid}=${s.scanId}`).join(',') },
  });
}
