import { authorize, refuseForeignOrigin } from '../../../../server/auth/principal';
import { env } from '../../../../server/env';
import { errorResponse } from '../../../../server/errors';
import { storeInstances } from '../../../../server/dicomweb/stow';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * DICOMweb STOW-RS: multipart/related; type="application/dicom" -> PS3.18 store response
 * (application/dicom+json). `x-studio-scans: <SeriesInstanceUID>=<scanId>,...` names the scan
 * each stored series became (what POST /api/v1/runs takes).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseForeignOrigin(request);
    const deps = await authorize(request, 'scan.upload');
    const result = await storeInstances(deps, request, env.UPLOAD_LIMIT_BYTES);
    return Response.json(result.body, {
      status: result.status,
      headers: { 'content-type': 'application/dicom+json', 'x-studio-scans': result.scans.map((s) => `${s.seriesUid}=${s.scanId}`).join(',') },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
