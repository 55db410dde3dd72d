import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { readNifti } from '../../runtimes/imaging/nifti';
import type { Agreement, ConformanceCase } from './cases';
import type { Outcome } from './run-in-memory';

const sha = (b: ArrayBufferView) => createHash('sha256').update(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)).digest('hex');

/** Numbers that differ by more than the tolerance, or structure that differs, as "path: ref vs got" lines. */
function jsonDiffs(ref: unknown, got: unknown, tol: number, at = '$'): string[] {
  if (typeof ref === 'number' && typeof got === 'number') {
    return Math.abs(ref - got) <= tol * (1 + Math.abs(ref)) ? [] : [`${at}: ${ref} vs ${got}`];
  }
  if (ref && got && typeof ref === 'object' && typeof got === 'object') {
    const keys = [...new Set([...Object.keys(ref), ...Object.keys(got)])];
    return keys.flatMap((k) => jsonDiffs((ref as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], tol, `${at}.${k}`));
  }
  return Object.is(ref, got) ? [] : [`${at}: ${JSON.stringify(ref)} vs ${JSON.stringify(got)}`];
}

/** Voxels decoded from a .nii(.gz): geometry plus the sha256 of the stored values. */
function labelMap(bytes: Uint8Array) {
  const v = readNifti(bytes);
  return { dims: v.geometry.dims, spacing: v.geometry.spacing, dtype: v.dtype, voxels: sha(v.data) };
}

/**
 * The agreement a case states, between the in-process reference and another target's outcome.
 * `sameBytes`: Node hosts (same zlib, same encoders) must also give byte-identical files.
 */
export function expectConforms(c: ConformanceCase, ref: Outcome, got: Outcome, opts: { target: string; sameBytes: boolean }): void {
  const a: Agreement = c.agree;
  const msg = (what: string) => `${c.id} on ${opts.target}: ${what}`;
  const names = (o: Outcome) => o.artifacts.map((x) => x.name).sort();
  expect(names(got), msg('artifact names')).toEqual([...a.artifacts].sort());
  for (const r of ref.artifacts) {
    const g = got.artifacts.find((x) => x.name === r.name)!;
    expect({ nodeId: g.nodeId, mediaType: g.mediaType, labelCounts: g.labelCounts }, msg(`${r.name} record`)).toEqual({ nodeId: r.nodeId, mediaType: r.mediaType, labelCounts: r.labelCounts });
    expect(sha(g.bytes), msg(`${r.name} bytes match their recorded sha256`)).toBe(g.sha256);
    if (a.labelMaps.includes(r.name)) expect(labelMap(g.bytes), msg(`${r.name} decoded label map`)).toEqual(labelMap(r.bytes));
    else if (a.json.names.includes(r.name)) {
      const parse = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as unknown;
      expect(jsonDiffs(parse(r.bytes), parse(g.bytes), a.json.tolerance), msg(`${r.name} numbers within ${a.json.tolerance}`)).toEqual([]);
    } else expect(g.sha256, msg(`${r.name} bytes`)).toBe(r.sha256);
    if (opts.sameBytes) expect(g.sha256, msg(`${r.name} byte-identical on Node hosts`)).toBe(r.sha256);
  }
  for (const [node, l] of Object.entries(got.logits)) {
    const r = ref.logits[node];
    expect(l.dims, msg(`${node} output dims`)).toEqual(r.dims);
    let worst = 0;
    for (let i = 0; i < r.data.length; i++) worst = Math.max(worst, Math.abs(l.data[i] - r.data[i]) / (1 + Math.abs(r.data[i])));
    expect(worst, msg(`${node} float output within ${a.logitsTolerance}`)).toBeLessThanOrEqual(a.logitsTolerance);
  }
}

/** Checks of the reference itself: label counts equal the decoded voxels, and the material's known counts. */
export function expectSoundReference(c: ConformanceCase, ref: Outcome): void {
  for (const name of c.agree.labelMaps) {
    const art = ref.artifacts.find((x) => x.name === name)!;
    const v = readNifti(art.bytes);
    const counts: Record<string, number> = {};
    for (let i = 0; i < v.data.length; i++) counts[v.data[i]] = (counts[v.data[i]] ?? 0) + 1;
    expect(art.labelCounts, `${c.id}: ${name} label counts`).toEqual(counts);
    expect(Object.keys(counts).length, `${c.id}: ${name} has more than one label`).toBeGreaterThan(1);
    const known = c.agree.knownCounts?.[name];
    if (known) expect(counts, `${c.id}: ${name} reference counts of the material`).toEqual(known);
  }
  expect(Object.keys(ref.logits).length, `${c.id}: model outputs observed`).toBeGreaterThan(0);
}
