import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { decodedFrames, renderFrame, storedFrames, storedFrameType } from '../../runtimes/imaging/dicom/frame-bytes';
import { imageInfo, type ImageInfo } from '../../runtimes/imaging/dicom/image-info';
import { parseDicom, type DataSet } from '../../runtimes/imaging/dicom/parse';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { multipartResponse } from '../http/multipart-response';
import { chooseType, notAcceptable, parseAccept, type MediaRange } from './accept';
import { requireInstance, type WadoTarget } from './wado';

/**
 * WADO-RS frames, bulk data and rendered previews of one stored instance (PS3.18 10.4.1.1.5,
 * 8.7.3, 9.4). The instance is read whole from its blob (bounded) and parsed once per request.
 */
const MAX_INSTANCE_BYTES = 1024 * 1024 * 1024;
const MAX_FRAMES_PER_REQUEST = 4096;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';
const OCTETS = 'application/octet-stream';

async function load(deps: ServiceDeps, t: Required<WadoTarget>): Promise<{ ds: DataSet; info: ImageInfo; name: string }> {
  const row = await requireInstance(deps, t);
  if (row.size > MAX_INSTANCE_BYTES) throw new ServiceError('VOLUME_TOO_LARGE', `instance ${t.instance} is ${row.size} bytes; frames are served from instances up to ${MAX_INSTANCE_BYTES}`);
  const name = `instance ${t.instance}`;
  const ds = parseDicom(await deps.blobs.read(row.sha256), name);
  return { ds, info: imageInfo(ds, name), name };
}

/** `1,3,5` (1-based, each within the instance) or a 400 / 404. */
export function parseFrameList(list: string, info?: ImageInfo): number[] {
  if (!/^\d{1,6}(,\d{1,6})*$/.test(list)) throw new ServiceError('BAD_REQUEST', `frame list "${list.slice(0, 40)}" is not comma-separated frame numbers`);
  const frames = list.split(',').map(Number);
  if (frames.length > MAX_FRAMES_PER_REQUEST) throw new ServiceError('BAD_REQUEST', `at most ${MAX_FRAMES_PER_REQUEST} frames per request`);
  const bad = info && frames.find((f) => f < 1 || f > info.frames);
  if (bad !== undefined) throw new ServiceError('NOT_FOUND', `the instance has ${info!.frames} frame(s): there is no frame ${bad}`, { frames: info!.frames });
  return frames;
}

/**
 * What the Accept header lets us send: frames as stored (any syntax when transfer-syntax=*,
 * the stored codestream type, or octet-stream for native data) or decoded to uncompressed
 * explicit VR little endian (octet-stream of a compressed instance without transfer-syntax=*).
 */
function negotiate(ranges: MediaRange[], info: ImageInfo): { mode: 'stored' | 'decoded'; label: string } {
  const stored = storedFrameType(info);
  const native = !info.encapsulated;
  const storedTs = native && info.transferSyntax === IMPLICIT_LE ? EXPLICIT_LE : info.transferSyntax;
  for (const r of ranges) {
    if (r.type === '*/*') return { mode: 'stored', label: `${stored}; transfer-syntax=${storedTs}` };
    if (r.type !== 'multipart/related') continue;
    const type = (r.params.type ?? OCTETS).toLowerCase();
    const ts = r.params['transfer-syntax'];
    const typeOk = type === stored || type === '*/*' || (type === 'image/*' && stored.startsWith('image/'));
    if (ts === '*' && (typeOk || type === OCTETS)) return { mode: 'stored', label: `${type === OCTETS ? OCTETS : stored}; transfer-syntax=${storedTs}` };
    if (typeOk && (!ts || ts === storedTs)) return { mode: 'stored', label: `${stored}; transfer-syntax=${storedTs}` };
    if (type === OCTETS && (!ts || ts === EXPLICIT_LE)) return { mode: native ? 'stored' : 'decoded', label: `${OCTETS}; transfer-syntax=${EXPLICIT_LE}` };
  }
  throw notAcceptable(`frames of this instance (${info.transferSyntax})`, [`multipart/related; type="${stored}"`, `multipart/related; type="${OCTETS}"`]);
}

async function framesResponse(ranges: MediaRange[], ds: DataSet, info: ImageInfo, frames: number[], name: string): Promise<Response> {
  const { mode, label } = negotiate(ranges, info);
  const bytes = (mode === 'stored' && storedFrames(ds, info, frames, name)) || (await decodedFrames(ds, frames, name));
  return multipartResponse(bytes.map((b) => ({ contentType: label, body: async () => b })), label.split(';')[0]);
}

export async function retrieveFrames(deps: ServiceDeps, request: Request, t: Required<WadoTarget>, list: string): Promise<Response> {
  parseFrameList(list);
  const { ds, info, name } = await load(deps, t);
  return framesResponse(parseAccept(request.headers.get('accept')), ds, info, parseFrameList(list, info), name);
}

/** BulkDataURIs of metadata: Pixel Data as all its frames; another top-level binary as its stored bytes. */
export async function retrieveBulkData(deps: ServiceDeps, request: Request, t: Required<WadoTarget>, tag: string): Promise<Response> {
  if (!/^[0-9A-Fa-f]{8}$/.test(tag)) throw new ServiceError('NOT_FOUND', `no bulk data ${tag.slice(0, 20)}`);
  const row = await requireInstance(deps, t);
  const ranges = parseAccept(request.headers.get('accept'));
  const name = `instance ${t.instance}`;
  const ds = parseDicom(await deps.blobs.read(row.sha256), name);
  if (tag.toUpperCase() === '7FE00010') {
    const info = imageInfo(ds, name);
    return framesResponse(ranges, ds, info, Array.from({ length: info.frames }, (_, i) => i + 1), name);
  }
  const el = ds.elements[`x${tag.toLowerCase()}`];
  if (!el || el.length === undefined || el.length < 0) throw new ServiceError('NOT_FOUND', `instance ${t.instance} has no bulk data ${tag}`);
  if (!ranges.some((r) => r.type === '*/*' || (r.type === 'multipart/related' && (r.params.type ?? OCTETS) === OCTETS))) throw notAcceptable('bulk data', [`multipart/related; type="${OCTETS}"`]);
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  return multipartResponse([{ contentType: OCTETS, body: async () => bytes }], OCTETS);
}

/** A frame (the first for an instance) as a PNG, or a JPEG when the Accept header prefers it. */
export async function retrieveRendered(deps: ServiceDeps, request: Request, t: Required<WadoTarget>, frameList?: string): Promise<Response> {
  const type = chooseType(parseAccept(request.headers.get('accept')), ['image/png', 'image/jpeg'], 'a rendered frame');
  const { ds, info, name } = await load(deps, t);
  const [frame] = frameList ? parseFrameList(frameList, info) : [1];
  const img = await renderFrame(ds, frame, name);
  let bytes: Uint8Array;
  if (type === 'image/png') bytes = encodePng({ width: img.width, height: img.height, data: img.data, channels: img.channels, depth: 8 });
  else {
    const rgba = new Uint8Array(img.width * img.height * 4);
    for (let i = 0, n = img.width * img.height; i < n; i++) {
      const [r, g, b] = img.channels === 1 ? [img.data[i], img.data[i], img.data[i]] : [img.data[i * 3], img.data[i * 3 + 1], img.data[i * 3 + 2]];
      rgba.set([r, g, b, 255], i * 4);
    }
    bytes = jpeg.encode({ width: img.width, height: img.height, data: rgba }, 90).data;
  }
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type, 'content-length': String(bytes.byteLength), 'cache-control': 'private, max-age=3600' } });
}
