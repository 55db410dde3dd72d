import { RuntimeError } from '../../core/errors';
import type { DataSet, Element } from './parse';

/**
 * Splits encapsulated Pixel Data into one codestream per frame (PS3.5 A.4):
 * - Basic Offset Table present: frame k = the fragments whose offset lies in [BOT[k], BOT[k+1]);
 * - else one fragment per frame when the counts match, all fragments when there is one frame;
 * - else fragments are grouped at those that start a codestream (`startsFrame`).
 * A frame made of several fragments is concatenated (a copy); a single one is a view.
 */
export function encapsulatedFrames(ds: DataSet, el: Element, frames: number, startsFrame: (f: Uint8Array) => boolean, name: string): Uint8Array[] {
  const fragments = (el.fragments ?? []).map((f) => {
    if (f.position < 0 || f.position + f.length > ds.byteArray.length) {
      throw new RuntimeError('TRUNCATED_INPUT', `${name}: a pixel data fragment runs past the end of the file`);
    }
    return { offset: f.offset, bytes: ds.byteArray.subarray(f.position, f.position + f.length) };
  }).filter((f) => f.bytes.length > 0);
  if (fragments.length === 0) throw new RuntimeError('TRUNCATED_INPUT', `${name}: the encapsulated pixel data has no fragments`);
  const groups = group(fragments, el.basicOffsetTable ?? [], frames, startsFrame);
  if (groups.length !== frames) {
    throw new RuntimeError('CORRUPT_INPUT', `${name}: ${fragments.length} pixel data fragment(s) could not be split into ${frames} frame(s) (found ${groups.length})`);
  }
  return groups.map((g) => (g.length === 1 ? g[0] : concat(g)));
}

type Fragment = { offset: number; bytes: Uint8Array };

function group(fragments: Fragment[], bot: number[], frames: number, startsFrame: (f: Uint8Array) => boolean): Uint8Array[][] {
  if (bot.length === frames && bot.length > 0 && bot.every((v, i) => i === 0 || v > bot[i - 1])) {
    const groups = bot.map((start, k) => fragments.filter((f) => f.offset >= start && (k + 1 === bot.length || f.offset < bot[k + 1])).map((f) => f.bytes));
    if (groups.every((g) => g.length > 0)) return groups;
  }
  if (fragments.length === frames) return fragments.map((f) => [f.bytes]);
  if (frames === 1) return [fragments.map((f) => f.bytes)];
  const groups: Uint8Array[][] = [];
  for (const f of fragments) {
    if (startsFrame(f.bytes) || groups.length === 0) groups.push([f.bytes]);
    else groups[groups.length - 1].push(f.bytes);
  }
  return groups;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
