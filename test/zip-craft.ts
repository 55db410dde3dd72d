import { constants, deflateRawSync } from 'node:zlib';

/**
 * Hand-built zips for limit tests: entries whose central directory declares whatever size the
 * test wants (a lie included), and deflate streams of many zeros built without inflating them
 * in the test (one full-flushed 16 MiB block repeated: byte-aligned, independent of history).
 */
export interface CraftEntry {
  name: string;
  /** Compressed bytes (raw deflate, or the data itself when `method` is 0). */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size the headers declare. */
  declaredSize: number;
}

const BLOCK = 16 * 1024 * 1024;
const zeroBlocks = new Map<number, Buffer>();

/**
 * Raw deflate of `bytes` zeros (a multiple of 16 MiB): 72 KiB per 16 MiB at level 1 (229:1),
 * 16 KiB at level 9 (1028:1, about the most deflate reaches).
 */
export function deflatedZeros(bytes: number, level: 1 | 9 = 1): Uint8Array {
  if (bytes % BLOCK) throw new Error('deflatedZeros: a multiple of 16 MiB');
  let zeroBlock = zeroBlocks.get(level);
  if (!zeroBlock) zeroBlocks.set(level, (zeroBlock = deflateRawSync(Buffer.alloc(BLOCK), { level, finishFlush: constants.Z_FULL_FLUSH })));
  const out = Buffer.alloc(zeroBlock.length * (bytes / BLOCK) + 2);
  for (let i = 0; i < bytes / BLOCK; i++) zeroBlock.copy(out, i * zeroBlock.length);
  out.set([0x03, 0x00], out.length - 2); // final empty fixed-Huffman block
  return out;
}

export const deflated = (bytes: Uint8Array): CraftEntry['data'] => deflateRawSync(bytes);

/** A zip of `entries` (CRC fields 0: the studio verifies sha256s, not CRCs). */
export function craftZip(entries: CraftEntry[]): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.data.byteLength, 18);
    lh.writeUInt32LE(e.declaredSize, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.data.byteLength, 20);
    ch.writeUInt32LE(e.declaredSize, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    local.push(lh, name, Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength));
    central.push(ch, name);
    offset += 30 + name.length + e.data.byteLength;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(dirSize, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, ...central, eocd]);
}
