import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OrthancServer } from './orthanc';

/**
 * Clients a PACS test talks to Orthanc with: DCMTK `storescu` (a real DIMSE C-STORE peer),
 * DICOMweb STOW-RS / QIDO-RS / WADO-RS over fetch, and Orthanc's REST API.
 */

export interface StoreScuResult {
  status: number | null;
  /** storescu's verbose output: one "Received Store Response (...)" per file. */
  output: string;
  /** The DIMSE status of each response, in file order (e.g. "Success"). */
  responses: string[];
}

/**
 * C-STORE `files` to Orthanc's DICOM port with `storescu -v -R` (calling AE STUDIO). `-R`
 * proposes exactly the SOP classes of the files: storescu's default proposal is a fixed list of
 * 64 common storage classes that lacks Segmentation Storage, so a SEG would fail on the SCU
 * side with "No presentation context for: (SG) 1.2.840.10008.5.1.4.1.1.66.4".
 */
export function storeScu(pacs: OrthancServer, files: string[]): StoreScuResult {
  const args = ['-v', '-R', '-aet', 'STUDIO', '-aec', pacs.aet, '127.0.0.1', String(pacs.dicomPort), ...files];
  const r = spawnSync('storescu', args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`;
  const responses = [...output.matchAll(/Received Store Response \(([^)]*)\)/g)].map((m) => m[1]);
  return { status: r.status, output, responses };
}

/** GET a JSON resource of Orthanc's REST API (throws with the body on a non-2xx answer). */
export async function restJson<T = unknown>(pacs: OrthancServer, route: string, accept = 'application/json'): Promise<T> {
  const res = await fetch(`${pacs.url}${route}`, { headers: { Accept: accept } });
  if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function restBytes(pacs: OrthancServer, route: string): Promise<Uint8Array> {
  const res = await fetch(`${pacs.url}${route}`);
  if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status} ${await res.text()}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A DICOM JSON dataset (PS3.18 F.2): tag "GGGGEEEE" -> { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;
export const jsonValue = (ds: DicomJson, tag: string): unknown => ds[tag]?.Value?.[0];

export interface StowResult {
  status: number;
  body: DicomJson;
}

/** STOW-RS: POST the Part 10 files as one multipart/related request to /dicom-web/studies. */
export async function stowRs(pacs: OrthancServer, files: Uint8Array[]): Promise<StowResult> {
  const boundary = `stow-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(f), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await fetch(`${pacs.url}/dicom-web/studies`, {
    method: 'POST',
    headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
    body: Buffer.concat(parts),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as DicomJson) : {} };
}

/** QIDO-RS: the series of a study as DICOM JSON. */
export const qidoSeries = (pacs: OrthancServer, studyUid: string) => restJson<DicomJson[]>(pacs, `/dicom-web/studies/${studyUid}/series`, 'application/dicom+json');

/** WADO-RS: one instance as Part 10 bytes, unwrapped from the multipart/related answer. */
export async function wadoRsInstance(pacs: OrthancServer, study: string, series: string, sop: string): Promise<Uint8Array[]> {
  const res = await fetch(`${pacs.url}/dicom-web/studies/${study}/series/${series}/instances/${sop}`, {
    headers: { Accept: 'multipart/related; type="application/dicom"' },
  });
  if (!res.ok) throw new Error(`WADO-RS ${sop}: HTTP ${res.status} ${await res.text()}`);
  return multipartBodies(res.headers.get('content-type') ?? '', Buffer.from(await res.arrayBuffer()));
}

/** The bodies of a multipart/related message (RFC 2046): the bytes between the part headers and the next delimiter. */
export function multipartBodies(contentType: string, body: Buffer): Uint8Array[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error(`not a multipart answer: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const out: Uint8Array[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headersEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd);
    if (headersEnd < 0 || next < 0) throw new Error('truncated multipart answer');
    out.push(new Uint8Array(body.subarray(headersEnd + 4, next)));
    at = next + 2;
  }
  return out;
}

/**
 * The dataset as `dcmdump` prints it (all values, long ones such as PixelData omitted), without
 * the File Meta group (a PACS rewrites it: its own implementation UID), lengths and the
 * defined/undefined-length choice for sequences and items (DCMTK re-encodes them with explicit
 * lengths): two files with equal dumps hold the same attributes with the same values.
 */
export function datasetDump(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dump-'));
  try {
    const file = path.join(dir, 'x.dcm');
    writeFileSync(file, bytes);
    const r = spawnSync('dcmdump', ['-q', '+L', '-M', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`dcmdump failed: ${r.stderr}`);
    return r.stdout
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('(0002,') && !/(Sequence|Item)Delimitation|\(fffe,e0[0d]d\)/.test(l))
      .map((l) => l.replace(/\s*#.*$/, '').replace(/(undefined|explicit) length/, 'length'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
