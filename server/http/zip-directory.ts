import { ServiceError } from '../errors';

/**
 * The central directory of a zip held in memory, read and checked as a whole BEFORE anything
 * is inflated: entry count, each entry's and the archive's declared uncompressed size, the
 * compression ratio a deflate stream can honestly reach, and names (no absolute paths, no
 * `..`, no backslashes, no duplicates, no symbolic links). Sizes here are declarations only: the inflater
 * (zip-inflate.ts) still stops at declared size + 1 byte, so a lying header gains nothing.
 * Zip64 is not supported: every limit is far below 4 GiB / 65,535 entries.
 */
export interface ZipLimits {
  /** Most entries (directories included). */
  entries: number;
  /** Largest declared uncompressed size of one entry, bytes. */
  entryBytes: number;
  /** Largest sum of declared uncompressed sizes, bytes. */
  totalBytes: number;
  /** Largest declared size / compressed size for entries over 1 MiB (deflate cannot exceed ~1032). */
  ratio: number;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate */
  method: 0 | 8;
  compressedSize: number;
  /** Declared uncompressed size, bytes. */
  size: number;
  /** Offset of the local file header. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const MiB = 1024 * 1024;

export const zipInvalid = (message: string, details: Record<string, unknown> = {}) => new ServiceError('BUNDLE_INVALID', message, details);
const tooLarge = (message: string, details: Record<string, unknown>) => new ServiceError('BUNDLE_TOO_LARGE', message, details);

function findEndOfDirectory(view: DataView): number {
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) if (view.getUint32(i, true) === EOCD) return i;
  throw zipInvalid('not a readable zip file: no end of central directory');
}

/** A safe relative name: no absolute path, drive, `..`, `.`, empty segment, backslash or control character. */
function checkName(name: string): void {
  const bad = name.startsWith('/') || /^[A-Za-z]:/.test(name) || /[\\\u0000-\u001f]/.test(name) || name.split('/').some((s, i, all) => s === '..' || s === '.' || (s === '' && i < all.length - 1));
  if (bad || name.length === 0) throw zipInvalid(`unsafe file name in the bundle: ${JSON.stringify(name)}`, { file: name, problem: 'name' });
}

/** Every file entry of the zip (directory entries skipped), validated against `limits`. */
export function readZipDirectory(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) throw zipInvalid('not a readable zip file: too short');
  const end = findEndOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw tooLarge('zip64 bundles are not supported (the limits are far below 4 GiB)', { limit: limits.totalBytes });
  if (count > limits.entries) throw tooLarge(`the bundle declares ${count} files (limit ${limits.entries})`, { entries: count, limit: limits.entries });
  if (dirOffset + dirSize > end) throw zipInvalid('not a readable zip file: central directory out of bounds');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let i = 0, p = dirOffset; i < count; i++) {
    if (p + 46 > end || view.getUint32(p, true) !== CENTRAL) throw zipInvalid('not a readable zip file: bad central directory entry');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const madeByUnix = view.getUint8(p + 5) === 3;
    const unixMode = view.getUint32(p + 38, true) >>> 16;
    const headerOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLen > end) throw zipInvalid('not a readable zip file: name out of bounds');
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    } catch {
      throw zipInvalid('a file name in the bundle is not UTF-8', { problem: 'name' });
    }
    p += 46 + nameLen + extraLen + commentLen;
    checkName(name);
    if (seen.has(name)) throw zipInvalid(`the bundle holds ${name} twice`, { file: name, problem: 'duplicate' });
    seen.add(name);
    if (flags & 1) throw zipInvalid(`${name} is encrypted`, { file: name });
    if (madeByUnix && (unixMode & 0o170000) === 0o120000) throw zipInvalid(`${name} is a symbolic link`, { file: name, problem: 'symlink' });
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw tooLarge(`${name}: zip64 sizes are not supported`, { file: name, limitBytes: limits.entryBytes });
    if (size > limits.entryBytes) throw tooLarge(`${name} declares ${size} bytes (limit ${limits.entryBytes} per file)`, { file: name, declaredBytes: size, limitBytes: limits.entryBytes });
    total += size;
    if (total > limits.totalBytes) throw tooLarge(`the bundle declares more than ${limits.totalBytes} bytes uncompressed (at ${name})`, { file: name, limitBytes: limits.totalBytes });
    if (method !== 0 && method !== 8) throw zipInvalid(`${name}: unsupported zip compression ${method}`, { file: name });
    if (method === 0 && size !== compressedSize) throw zipInvalid(`${name}: stored sizes disagree`, { file: name, problem: 'size' });
    if (size > MiB && size > compressedSize * limits.ratio) throw zipInvalid(`${name}: declared ratio ${Math.round(size / Math.max(1, compressedSize))}:1 exceeds ${limits.ratio}:1`, { file: name, problem: 'ratio' });
    if (headerOffset + 30 + compressedSize > dirOffset) throw zipInvalid(`${name}: data out of bounds`, { file: name });
    if (name.endsWith('/')) {
      if (size !== 0) throw zipInvalid(`${name}: a directory with data`, { file: name });
      continue;
    }
    entries.push({ name, method: method as 0 | 8, compressedSize, size, headerOffset });
  }
  return entries;
}
