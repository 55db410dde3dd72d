import type { Dtype } from '../../domain/ports';
import { HOST_LITTLE_ENDIAN, TYPED_ARRAYS, dtypeOf, swapBytes } from './dtype';
import { RuntimeError } from './errors';
import type { TypedArray, Value } from './values';

/**
 * Binary form of a runtime Value, so Temporal activities can hand intermediate values to each
 * other as blob references (sha256) instead of payloads. Layout:
 *   bytes 0-3  magic "SVAL"
 *   bytes 4-7  header length H (uint32 little-endian)
 *   bytes 8..8+H  header JSON (UTF-8): the value without its array, plus the array's dtype
 *   zero padding up to a multiple of 8, then the raw array, little-endian.
 * Encoding is deterministic (same value -> same bytes -> same sha256). Browser-safe: no Buffer.
 */
const MAGIC = [0x53, 0x56, 0x41, 0x4c];
const FORMAT = 1;

interface Header {
  format: number;
  /** The value with its `data` array removed (reports and DICOM metadata keep everything). */
  value: Record<string, unknown>;
  array?: { dtype: Dtype; length: number };
}

function arrayDtype(a: TypedArray): Dtype {
  const dtype = dtypeOf(a);
  if (!dtype) throw new RuntimeError('BAD_NODE_INPUT', 'unsupported typed array');
  return dtype;
}

export function encodeValue(value: Value): Uint8Array {
  const { data, ...rest } = value as Value & { data: unknown };
  const hasArray = value.type !== 'report' && value.type !== 'dicom-series';
  const array = hasArray ? (data as TypedArray) : undefined;
  const header: Header = {
    format: FORMAT,
    value: hasArray ? rest : (value as unknown as Record<string, unknown>),
    ...(array ? { array: { dtype: arrayDtype(array), length: array.length } } : {}),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((8 + json.length) / 8) * 8;
  const out = new Uint8Array(start + (array?.byteLength ?? 0));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  if (array) {
    const payload = out.subarray(start);
    payload.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    if (!HOST_LITTLE_ENDIAN) swapBytes(payload, array.BYTES_PER_ELEMENT);
  }
  return out;
}

/**
 * Inverse of encodeValue. The returned array views `bytes` when it is suitably aligned (no
 * copy of a 200 MB tensor), so callers must not reuse `bytes` afterwards.
 */
export function decodeValue(bytes: Uint8Array): Value {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RuntimeError('CORRUPT_INPUT', 'not an encoded studio value (bad magic)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new RuntimeError('TRUNCATED_INPUT', 'encoded value header is truncated');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Header;
  if (header.format !== FORMAT) throw new RuntimeError('CORRUPT_INPUT', `unknown value format ${header.format}`);
  if (!header.array) return header.value as unknown as Value;
  const { dtype, length } = header.array;
  const Ctor = TYPED_ARRAYS[dtype];
  if (!Ctor) throw new RuntimeError('CORRUPT_INPUT', `unknown dtype ${dtype}`);
  const start = Math.ceil((8 + headerLength) / 8) * 8;
  const byteLength = length * Ctor.BYTES_PER_ELEMENT;
  if (start + byteLength > bytes.length) throw new RuntimeError('TRUNCATED_INPUT', 'encoded value payload is truncated');
  let data: TypedArray;
  const offset = bytes.byteOffset + start;
  if (HOST_LITTLE_ENDIAN && offset % Ctor.BYTES_PER_ELEMENT === 0) {
    data = new Ctor(bytes.buffer as ArrayBuffer, offset, length);
  } else {
    const copy = bytes.slice(start, start + byteLength);
    if (!HOST_LITTLE_ENDIAN) swapBytes(copy, Ctor.BYTES_PER_ELEMENT);
    data = new Ctor(copy.buffer, 0, length);
  }
  return { ...header.value, data } as unknown as Value;
}
