import { randomBytes } from 'node:crypto';
import type { Destination } from '../../domain/routing/rule';
import type { InstanceToSend, SendOutcome } from './sender-types';

/**
 * DICOMweb STOW-RS client (PS3.18 10.5): the instances as one `multipart/related;
 * type="application/dicom"` POST to `<base>/studies`, then the store response read: 200 all
 * stored; 202 / 409 with a FailedSOPSequence whose FailureReason names each refused instance.
 */
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE = '00081155';
const FAILURE_REASON = '00081197';
/** A reply body larger than this is not read (a store response is a few KB per instance). */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

export function multipartBody(instances: InstanceToSend[], boundary: string): Blob {
  const parts: BlobPart[] = [];
  for (const i of instances) {
    parts.push(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, i.bytes as Uint8Array<ArrayBuffer>, '\r\n');
  }
  parts.push(`--${boundary}--\r\n`);
  return new Blob(parts);
}

type Item = Record<string, { Value?: unknown[] }>;

/** "1.2.3: 0xC000, ..." from a PS3.18 store response (empty when it names no failure). */
export function failuresOf(reply: unknown): string[] {
  const seq = (reply as Item | null)?.[FAILED_SOP_SEQUENCE]?.Value;
  if (!Array.isArray(seq)) return [];
  return seq.slice(0, 20).map((item) => {
    const uid = String((item as Item)[REFERENCED_SOP_INSTANCE]?.Value?.[0] ?? '?');
    const reason = Number((item as Item)[FAILURE_REASON]?.Value?.[0]);
    return `${uid}: FailureReason ${Number.isFinite(reason) ? `0x${reason.toString(16).toUpperCase().padStart(4, '0')}` : 'unknown'}`;
  });
}

async function replyJson(res: Response): Promise<unknown> {
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_REPLY_BYTES || !/json/i.test(res.headers.get('content-type') ?? '')) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  const text = await res.text();
  if (text.length > MAX_REPLY_BYTES) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function sendStow(dest: Extract<Destination, { kind: 'dicomweb' }>, instances: InstanceToSend[], opts: { signal: AbortSignal }, f: typeof fetch = fetch): Promise<SendOutcome> {
  const boundary = `studio-${randomBytes(12).toString('hex')}`;
  const url = `${dest.url.replace(/\/+$/, '')}/studies`;
  let res: Response;
  try {
    res = await f(url, {
      method: 'POST',
      headers: { ...dest.headers, 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
      body: multipartBody(instances, boundary),
      redirect: 'manual',
      signal: opts.signal,
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { ok: false, error: `${url}: ${e instanceof Error ? e.message : String(e)}${cause ? ` (${cause})` : ''}` };
  }
  const failures = failuresOf(await replyJson(res).catch(() => null));
  if (res.status === 200 && failures.length === 0) return { ok: true };
  const detail = failures.length ? `; refused ${failures.join(', ')}` : '';
  return { ok: false, error: `STOW-RS ${url} answered HTTP ${res.status}${detail}` };
}
