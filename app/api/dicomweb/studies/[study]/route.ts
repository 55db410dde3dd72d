import { retrieveInstances } from '../../../../../server/dicomweb/wado';
import { env } from '../../../../../server/env';
import { stowResponse } from '../../../../../server/dicomweb/stow-response';
import { dicomweb, dicomwebOptions } from '../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: the study as multipart/related; type="application/dicom". STOW-RS to this study (instances of another study fail with 0xA900). */
export async function GET(request: Request, ctx: { params: Promise<{ study: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps) => retrieveInstances(deps, request, p));
}

export async function POST(request: Request, ctx: { params: Promise<{ study: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.upload', async (deps, root) => stowResponse(deps, request, root, env.UPLOAD_LIMIT_BYTES, p.study));
}

export const OPTIONS = dicomwebOptions;
