import { and, asc, eq } from 'drizzle-orm';
import { dicomInstances as I } from '../../drizzle/schema';
import type { DicomJson, DicomJsonElement } from '../../domain/dicom/json';
import { scopeOf } from '../auth/scope';
import type { ServiceDeps } from '../context';
import { ServiceError } from '../errors';
import { STORED_BYTES_HEADERS } from '../blobs/response';
import { multipartResponse, type OutgoingPart } from '../http/multipart-response';
import { chooseMultipart, chooseType, notAcceptable, parseAccept } from './accept';
import { instanceUrl } from './urls';

/**
 * WADO-RS (PS3.18 10.4) of stored instances: a study, series or instance as
 * `multipart/related; type="application/dicom"` (each instance streamed from its blob as it
 * was stored, with its transfer syntax on the part), and their metadata as DICOM JSON with
 * bulk data (Pixel Data, large binaries) as BulkDataURIs. What a caller's workspace does not
 * hold is 404, whoever else holds it.
 */
export interface WadoTarget {
  study: string;
  series?: string;
  instance?: string;
}

/** A study's instances are listed in pages of this size while streaming (never all rows at once). */
const PAGE = 500;
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

const where = (workspaceId: string, t: WadoTarget) =>
  and(eq(I.workspaceId, workspaceId), eq(I.studyUid, t.study), t.series ? eq(I.seriesUid, t.series) : undefined, t.instance ? eq(I.sopInstanceUid, t.instance) : undefined);

function what(t: WadoTarget): string {
  return t.instance ? `instance ${t.instance}` : t.series ? `series ${t.series}` : `study ${t.study}`;
}

async function requireAny(deps: ServiceDeps, t: WadoTarget): Promise<{ transferSyntaxUid: string }[]> {
  const { workspaceId } = scopeOf(deps);
  const syntaxes = await deps.db.selectDistinct({ transferSyntaxUid: I.transferSyntaxUid }).from(I).where(where(workspaceId, t));
  if (!syntaxes.length) throw new ServiceError('NOT_FOUND', `${what(t)} not found`);
  return syntaxes;
}

/** The instance row of a frame or rendered request (404 when the workspace does not hold it). */
export async function requireInstance(deps: ServiceDeps, t: Required<WadoTarget>) {
  const { workspaceId } = scopeOf(deps);
  const [row] = await deps.db.select().from(I).where(where(workspaceId, t));
  if (!row) throw new ServiceError('NOT_FOUND', `${what(t)} not found`);
  return row;
}

export async function retrieveInstances(deps: ServiceDeps, request: Request, t: WadoTarget): Promise<Response> {
  const { transferSyntax } = chooseMultipart(parseAccept(request.headers.get('accept')), ['application/dicom'], 'DICOM instances');
  const syntaxes = await requireAny(deps, t);
  // Instances are sent as stored (no transcoding): a named syntax must be the stored one. No
  // syntax named means the default (explicit VR little endian), which is also sent as stored.
  const asked = transferSyntax && transferSyntax !== '*' ? transferSyntax.split(',').map((s) => s.trim()) : undefined;
  if (asked && syntaxes.some((s) => !asked.includes(s.transferSyntaxUid) && !(asked.includes(EXPLICIT_LE) && s.transferSyntaxUid === '1.2.840.10008.1.2'))) {
    throw notAcceptable(`${what(t)} (stored as ${syntaxes.map((s) => s.transferSyntaxUid).join(', ')}, not transcoded)`, syntaxes.map((s) => `multipart/related; type="application/dicom"; transfer-syntax=${s.transferSyntaxUid}`));
  }
  const { workspaceId } = scopeOf(deps);
  async function* parts(): AsyncGenerator<OutgoingPart> {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await deps.db
        .select({ sha256: I.sha256, ts: I.transferSyntaxUid })
        .from(I)
        .where(where(workspaceId, t))
        .orderBy(asc(I.seriesUid), asc(I.instanceNumber), asc(I.sopInstanceUid))
        .limit(PAGE)
        .offset(offset);
      for (const r of rows) yield { contentType: `application/dicom; transfer-syntax=${r.ts}`, body: () => deps.blobs.openRead(r.sha256) };
      if (rows.length < PAGE) return;
    }
  }
  return multipartResponse(parts(), 'application/dicom', STORED_BYTES_HEADERS);
}

/** Top-level binaries the index left out (BulkDataURI '') get the instance's bulkdata URL; nested ones are dropped. */
function withBulkData(attrs: DicomJson, url: string, nested = false): DicomJson {
  const out: DicomJson = {};
  for (const [tag, el] of Object.entries(attrs)) {
    if (el.BulkDataURI !== undefined) {
      if (!nested) out[tag] = { vr: el.vr, BulkDataURI: `${url}/bulkdata/${tag}` };
    } else if (el.vr === 'SQ' && el.Value) {
      out[tag] = { vr: 'SQ', Value: el.Value.map((item) => withBulkData(item as DicomJson, url, true)) };
    } else out[tag] = el;
  }
  return out;
}

export async function retrieveMetadata(deps: ServiceDeps, request: Request, root: string, t: WadoTarget): Promise<Response> {
  const type = chooseType(parseAccept(request.headers.get('accept')), ['application/dicom+json', 'application/json'], 'metadata');
  await requireAny(deps, t);
  const { workspaceId } = scopeOf(deps);
  const rows = await deps.db
    .select({ study: I.studyUid, series: I.seriesUid, sop: I.sopInstanceUid, ts: I.transferSyntaxUid, attributes: I.attributes })
    .from(I)
    .where(where(workspaceId, t))
    .orderBy(asc(I.seriesUid), asc(I.instanceNumber), asc(I.sopInstanceUid));
  const body = rows.map((r) => {
    const url = instanceUrl(root, r.study, r.series, r.sop);
    const pixels: Record<string, DicomJsonElement> = r.attributes['00280010'] ? { '7FE00010': { vr: 'OW', BulkDataURI: `${url}/bulkdata/7FE00010` } } : {};
    const meta: DicomJson = { '00020010': { vr: 'UI', Value: [r.ts] }, ...withBulkData(r.attributes, url), ...pixels };
    return Object.fromEntries(Object.entries(meta).sort(([a], [b]) => (a < b ? -1 : 1)));
  });
  return new Response(JSON.stringify(body), { headers: { 'content-type': type, 'cache-control': 'private, no-store' } });
}
