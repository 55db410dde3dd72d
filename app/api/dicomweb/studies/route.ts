import { env } from '../../../../server/env';
import { dicomJsonResponse, dicomweb, dicomwebOptions } from '../../../../server/dicomweb/handler';
import { searchStudies } from '../../../../server/dicomweb/qido';
import { stowResponse } from '../../../../server/dicomweb/stow-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** QIDO-RS: the workspace's studies that match (PS3.18 10.6), `[]` when none does. */
export async function GET(request: Request): Promise<Response> {
  return dicomweb(request, 'scan.read', async (deps, root) => dicomJsonResponse(request, await searchStudies(deps, root, new URL(request.url).searchParams)));
}

/** DICOMweb STOW-RS: multipart/related; type="application/dicom" -> PS3.18 store response (application/dicom+json). */
export async function POST(request: Request): Promise<Response> {
  return dicomweb(request, 'scan.upload', async (deps, root) => stowResponse(deps, request, root, env.UPLOAD_LIMIT_BYTES));
}

export const OPTIONS = dicomwebOptions;
