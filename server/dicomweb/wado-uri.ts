import { Readable } from 'node:stream';
import type { ServiceDeps } from '../context';
import { STORED_BYTES_HEADERS } from '../blobs/response';
import { ServiceError } from '../errors';
import { retrieveRendered } from './frames';
import { requireInstance } from './wado';

/**
 * WADO-URI (PS3.18 9.1; OHIF's `wadoUriRoot`): `?requestType=WADO&studyUID&seriesUID&objectUID`
 * answers the instance as stored with `contentType=application/dicom` (the default here, as
 * viewers ask for it), or its first frame rendered for image/jpeg or image/png.
 */
export async function wadoUri(deps: ServiceDeps, request: Request): Promise<Response> {
  const q = new URL(request.url).searchParams;
  if (q.get('requestType') !== 'WADO') throw new ServiceError('BAD_REQUEST', 'WADO-URI needs requestType=WADO');
  const [study, series, instance] = ['studyUID', 'seriesUID', 'objectUID'].map((k) => q.get(k) ?? '');
  if (!study || !series || !instance) throw new ServiceError('BAD_REQUEST', 'WADO-URI needs studyUID, seriesUID and objectUID');
  const t = { study, series, instance };
  const type = (q.get('contentType') ?? 'application/dicom').split(',')[0].trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/png') {
    const frame = q.get('frameNumber') ?? '1';
    return retrieveRendered(deps, new Request(request.url, { headers: { accept: type } }), t, frame);
  }
  if (type !== 'application/dicom') throw new ServiceError('NOT_ACCEPTABLE', `WADO-URI serves application/dicom, image/jpeg or image/png, not ${type}`);
  const row = await requireInstance(deps, t);
  const body = Readable.toWeb(await deps.blobs.openRead(row.sha256)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers: { 'content-type': 'application/dicom', 'content-length': String(row.size), 'cache-control': 'private, max-age=3600', ...STORED_BYTES_HEADERS } });
}
