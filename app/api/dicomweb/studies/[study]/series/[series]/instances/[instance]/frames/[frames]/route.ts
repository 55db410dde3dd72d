import { retrieveFrames } from '../../../../../../../../../../../server/dicomweb/frames';
import { dicomweb, dicomwebOptions } from '../../../../../../../../../../../server/dicomweb/handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** WADO-RS: frames (1-based, comma-separated) as multipart/related, uncompressed or as stored. */
export async function GET(request: Request, ctx: { params: Promise<{ study: string; series: string; instance: string; frames: string }> }): Promise<Response> {
  const p = await ctx.params;
  return dicomweb(request, 'scan.read', async (deps) => retrieveFrames(deps, request, p, p.frames));
}

export const OPTIONS = dicomwebOptions;
