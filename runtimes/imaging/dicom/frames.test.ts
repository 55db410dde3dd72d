import { describe, expect, it } from 'vitest';
import { decodeRle } from './codecs/rle';
import { encapsulatedFrames } from './frames';
import type { DataSet, Element } from './parse';

/** A file image holding the given fragments back to back (item headers elided), plus its Element. */
function encapsulated(fragments: number[][], bot: number[] = []): { ds: DataSet; el: Element } {
  const bytes = new Uint8Array(fragments.flat());
  let [position, offset] = [0, 0];
  const frags = fragments.map((f) => {
    const r = { position, offset, length: f.length };
    position += f.length;
    offset += f.length + 8; // each fragment item has an 8-byte header in the offsets' frame of reference
    return r;
  });
  return { ds: { byteArray: bytes } as unknown as DataSet, el: { tag: 'x7fe00010', fragments: frags, basicOffsetTable: bot } as unknown as Element };
}
const starts = (f: Uint8Array) => f[0] === 0xff;
const frames = (x: ReturnType<typeof encapsulated>, n: number) => encapsulatedFrames(x.ds, x.el, n, starts, 'test').map((f) => [...f]);

describe('encapsulated frames (PS3.5 A.4)', () => {
  it('with a Basic Offset Table: fragments grouped by offset', () => {
    const x = encapsulated([[0xff, 1], [2], [0xff, 3], [4, 5]], [0, 19]);
    expect(frames(x, 2)).toEqual([[0xff, 1, 2], [0xff, 3, 4, 5]]);
  });
  it('without one: one fragment per frame, all fragments for one frame, or split at codestream starts', () => {
    expect(frames(encapsulated([[0xff, 1], [0xff, 2]]), 2)).toEqual([[0xff, 1], [0xff, 2]]);
    expect(frames(encapsulated([[0xff, 1], [2], [3]]), 1)).toEqual([[0xff, 1, 2, 3]]);
    expect(frames(encapsulated([[0xff, 1], [2], [0xff, 3]]), 2)).toEqual([[0xff, 1, 2], [0xff, 3]]);
  });
  it('refuses fragments that cannot make the frame count, or none at all', () => {
    expect(() => frames(encapsulated([[0xff, 1], [2], [3]]), 2)).toThrow(expect.objectContaining({ code: 'CORRUPT_INPUT' }));
    expect(() => frames(encapsulated([]), 1)).toThrow(expect.objectContaining({ code: 'TRUNCATED_INPUT' }));
  });
});

describe('RLE Lossless (PS3.5 Annex G)', () => {
  /** 64-byte header with the given segment offsets, then the segments. */
  function rle(segments: number[][]): Uint8Array {
    const head = new Uint8Array(64);
    const view = new DataView(head.buffer);
    view.setUint32(0, segments.length, true);
    let at = 64;
    segments.forEach((s, i) => {
      view.setUint32(4 + 4 * i, at, true);
      at += s.length;
    });
    return new Uint8Array([...head, ...segments.flat()]);
  }
  it('16-bit: MSB segment then LSB segment, literal and replicate runs, little-endian output', () => {
    // 2x2 pixels: MSB plane = replicate 0x12 x4; LSB plane = literal 01 02 03 04.
    const out = decodeRle(rle([[0xfd, 0x12], [0x03, 1, 2, 3, 4]]), { rows: 2, cols: 2, samples: 1, bitsAllocated: 16, what: 't' });
    expect([...new Uint16Array(out.bytes.buffer)]).toEqual([0x1201, 0x1202, 0x1203, 0x1204]);
  });
  it('RGB: one segment per sample, interleaved on output; short segments are TRUNCATED_INPUT', () => {
    const out = decodeRle(rle([[0xff, 10], [0xff, 20], [0xff, 30]]), { rows: 1, cols: 2, samples: 3, bitsAllocated: 8, what: 't' });
    expect([...out.bytes]).toEqual([10, 20, 30, 10, 20, 30]);
    expect(() => decodeRle(rle([[0x00, 1]]), { rows: 1, cols: 2, samples: 1, bitsAllocated: 8, what: 't' })).toThrow(expect.objectContaining({ code: 'TRUNCATED_INPUT' }));
    expect(() => decodeRle(rle([[0x00, 1]]), { rows: 1, cols: 1, samples: 3, bitsAllocated: 8, what: 't' })).toThrow(expect.objectContaining({ code: 'CORRUPT_INPUT' }));
  });
});
