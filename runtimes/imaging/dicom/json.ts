import dcmjs from 'dcmjs';
import type { DicomJson, DicomJsonElement } from '../../../domain/dicom/json';
import { RuntimeError } from '../../core/errors';

/**
 * The attributes of a Part 10 instance in the DICOM JSON model, read with dcmjs up to the Pixel
 * Data (never decoded): what the instance index stores for QIDO-RS matching and WADO-RS metadata.
 * Binary values up to INLINE_BINARY_BYTES are kept as InlineBinary (base64); larger ones stay
 * in the file, marked by an empty BulkDataURI (WADO-RS metadata turns the marker into the URL
 * of the instance's bulk data). Text is converted to UTF-8
 * (dcmjs decodes the declared character set), so SpecificCharacterSet becomes ISO_IR 192.
 */
/**
 * dcmjs reports ambiguous dictionary VRs (US or SS: "xs") that it resolves itself on its
 * validation logger, once per element: noise in a server's log, not an error of the instance.
 */
dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');

export const INLINE_BINARY_BYTES = 1024;
/** A dataset whose attributes exceed this once encoded is refused (a header is kilobytes). */
export const MAX_ATTRIBUTES_JSON_BYTES = 4 * 1024 * 1024;

export interface InstanceHead {
  transferSyntaxUid: string;
  attributes: DicomJson;
}

/** `bytes`: the file, or a prefix of it that holds everything up to the Pixel Data. */
export function instanceHeadOf(bytes: Uint8Array, fileName: string): InstanceHead {
  let parsed: { meta: Record<string, DicomJsonElement>; dict: Record<string, DicomJsonElement> };
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    parsed = dcmjs.data.DicomMessage.readFile(buffer, { untilTag: '7FE00010', includeUntilTagValue: false, ignoreErrors: true });
  } catch (e) {
    throw new RuntimeError('DICOM_PARSE', `${fileName}: not a readable DICOM Part 10 file (${(e as Error).message})`);
  }
  const transferSyntaxUid = String(parsed.meta['00020010']?.Value?.[0] ?? '').replace(/\0/g, '').trim();
  if (!transferSyntaxUid) throw new RuntimeError('DICOM_PARSE', `${fileName}: the file meta information has no TransferSyntaxUID`);
  const attributes = clean(parsed.dict);
  if (JSON.stringify(attributes).length > MAX_ATTRIBUTES_JSON_BYTES) {
    throw new RuntimeError('DICOM_PARSE', `${fileName}: its attributes exceed ${MAX_ATTRIBUTES_JSON_BYTES} bytes as DICOM JSON`);
  }
  return { transferSyntaxUid, attributes };
}

function clean(dict: Record<string, DicomJsonElement>): DicomJson {
  const out: DicomJson = {};
  for (const [tag, el] of Object.entries(dict)) {
    if (tag.startsWith('0002') || tag === '7FE00010') continue;
    const c = cleanElement(el);
    if (c) out[tag] = c;
  }
  return out;
}

function cleanElement(el: DicomJsonElement): DicomJsonElement | undefined {
  const vr = el.vr;
  const values = el.Value ?? [];
  if (values.some((v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v))) {
    const chunks = values.map((v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array((v as ArrayBufferView).buffer, (v as ArrayBufferView).byteOffset, (v as ArrayBufferView).byteLength)));
    if (chunks.reduce((a, c) => a + c.length, 0) > INLINE_BINARY_BYTES) return { vr, BulkDataURI: '' };
    let binary = '';
    for (const c of chunks) for (const b of c) binary += String.fromCharCode(b);
    return { vr, InlineBinary: btoa(binary) };
  }
  if (vr === 'SQ') return { vr, Value: values.map((item) => clean(item as Record<string, DicomJsonElement>)) };
  const kept = values.map((v) => (typeof v === 'string' ? v.replace(/\0+$/, '') : v));
  return kept.length ? { vr, Value: kept } : { vr };
}
