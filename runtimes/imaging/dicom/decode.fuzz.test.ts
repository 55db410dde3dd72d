import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FuzzOutcome } from './fuzz-child';
import { DICOM_CORPUS, DICOM_DIR } from './oracle-support';
import { syntheticDicom, type SyntheticWords } from './fixtures';
import { parseDicom } from './parse';

/**
 * Fuzz: seeded mutations (byte flips in header and pixel data, truncations, corrupted element
 * and fragment length fields) of real files in every transfer syntax family. Each decode must
 * end within PER_FILE_MS in success (with exactly frames*rows*cols*samples values) or a
 * RuntimeError; an uncaught exception, a crash or a timeout fails the test (the offending file
 * is written to the temp directory for reproduction).
 */
const PER_FILE_MS = 5000;
/** [file, mutations]: fewer for the larger/slower files. */
const SEEDS: [string, number][] = [
  ['ts/MR_small_explicit_le.dcm', 300], ['ts/MR_small_implicit_le.dcm', 150], ['ts/MR_small_explicit_be.dcm', 150],
  ['ts/MR_small_rle.dcm', 300], ['ts/MR_small_j2k_lossless.dcm', 300], ['ts/MR_small_jpegls_lossless.dcm', 300],
  ['ts/NM_jpeg_lossless_sv1.dcm', 200], ['ts/NM_jpeg_extended_12bit.dcm', 150], ['ts/OT_deflate.dcm', 150],
  ['multiframe/MR_enhanced_emri_10f_rle.dcm', 200], ['multiframe/CT0012_jpeg_lossless_57.dcm', 60],
  ['multiframe/CT0012_jpegls_81_nearlossless.dcm', 60], ['tiny_series_seg/label.seg.dcm', 150],
  ['us_color/SC_rgb_rle_2frame.dcm', 200], ['us_color/SC_ybr_full_422_uncompressed.dcm', 100],
  ['us_color/US_palette_8bit.dcm', 60], ['us_color/US_ybr422_jpeg_30f.dcm', 40], ['special/HTJ2K_rgb_unsupported.dcm', 100],
  ['special/parametric_map_float32.dcm', 60], ['malformed/j2k_fragments_too_short.dcm', 100],
];
/** Generated seeds for what the corpus lacks: a palette image with segmented LUTs (all three segment types). */
function segmentedPaletteSeed(): Uint8Array {
  // discrete (0, 16), linear to 4096 over 100, indirect: the two segments at byte 0 again (102
  // entries), discrete 52 more: 256 entries, as the descriptor says.
  const red = [0, 2, 0, 16, 1, 100, 4096, 2, 2, 0, 0, 0, 52, ...Array.from({ length: 52 }, (_, i) => i * 80)];
  const lut = (c: number, data: number[]): SyntheticWords[] => [
    { group: 0x28, element: 0x1101 + c, vr: 'US', values: [256, 0, 16] },
    { group: 0x28, element: 0x1221 + c, vr: 'OW', values: data },
  ];
  return syntheticDicom({ rows: 16, cols: 16, bitsAllocated: 16, photometric: 'PALETTE COLOR', pixels: Array.from({ length: 256 }, (_, i) => i), words: [0, 1, 2].flatMap((c) => lut(c, red)) });
}
const GENERATED: [string, () => Uint8Array, number][] = [['generated segmented palette', segmentedPaletteSeed, 200]];
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function prng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** Offsets of length fields: 4 bytes before every element value and every fragment. */
function lengthFields(bytes: Uint8Array): number[] {
  try {
    const ds = parseDicom(bytes);
    const out: number[] = [];
    for (const el of Object.values(ds.elements)) {
      out.push(el.dataOffset - 4);
      for (const f of el.fragments ?? []) out.push(f.position - 4);
    }
    return out.filter((o) => o >= 0);
  } catch {
    return [];
  }
}

function mutate(base: Uint8Array, fields: number[], rand: () => number, i: number): Uint8Array {
  const kind = i % 4;
  if (kind === 0) return base.slice(0, Math.floor(rand() * base.length));
  const m = base.slice();
  if (kind === 1 && fields.length) {
    const at = fields[Math.floor(rand() * fields.length)];
    const v = [0xffffffff, 0, Math.floor(rand() * 2 ** 32), m[at] + 2, m[at] - 2][Math.floor(rand() * 5)] >>> 0;
    new DataView(m.buffer).setUint32(at, v, true);
    return m;
  }
  // Byte flips: half near the header (where the parser works), half anywhere (codestreams).
  const flips = 1 + Math.floor(rand() * 8);
  for (let k = 0; k < flips; k++) {
    const span = k % 2 ? m.length : Math.min(m.length, 1500);
    m[Math.floor(rand() * span)] = Math.floor(rand() * 256);
  }
  return m;
}

function startChild(): Promise<ChildProcess> {
  const child = fork(resolve(ROOT, 'runtimes/imaging/dicom/fuzz-child.ts'), [], {
    execArgv: ['--import', resolve(ROOT, 'cli/register.mjs')],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((ok, fail) => {
    child.once('message', () => ok(child));
    child.once('error', fail);
  });
}

function decodeInChild(child: ChildProcess, id: number, bytes: Uint8Array): Promise<FuzzOutcome | 'timeout' | 'crash'> {
  return new Promise((done) => {
    const timer = setTimeout(() => finish('timeout'), PER_FILE_MS);
    const onMessage = (m: FuzzOutcome) => m.id === id && finish(m);
    const onExit = () => finish('crash');
    function finish(r: FuzzOutcome | 'timeout' | 'crash') {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      done(r);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ id, bytes });
  });
}

describe(DICOM_CORPUS.title('fuzz: mutated DICOM files end in success or a RuntimeError, in time'), () => {
  const total = SEEDS.reduce((n, [, k]) => n + k, 0) + GENERATED.reduce((n, [, , k]) => n + k, 0);
  it.skipIf(!DICOM_CORPUS.ok)(`${total} mutated files`, async () => {
    const rand = prng(20261128);
    const codes: Record<string, number> = {};
    const failures: string[] = [];
    let child = await startChild();
    let id = 0;
    try {
      const seeds = [...SEEDS.map(([file, count]) => [file, () => new Uint8Array(readFileSync(resolve(DICOM_DIR, file))), count] as const), ...GENERATED];
      for (const [file, load, count] of seeds) {
        const base = load();
        const fields = lengthFields(base);
        const intact = await decodeInChild(child, ++id, base);
        expect(intact, `${file} itself`).toMatchObject({ outcome: 'ok' }); // a seed that fails proves nothing
        for (let i = 0; i < count; i++) {
          const bytes = mutate(base, fields, rand, i);
          const r = await decodeInChild(child, ++id, bytes);
          const key = typeof r === 'string' ? r : r.outcome === 'error' ? r.code : r.outcome;
          codes[key] = (codes[key] ?? 0) + 1;
          const bad = typeof r === 'string' || r.outcome === 'uncaught' || (r.outcome === 'ok' && r.values !== r.expected);
          if (bad) {
            const saved = join(tmpdir(), `dicom-fuzz-${id}.dcm`);
            writeFileSync(saved, bytes);
            failures.push(`${file} mutation ${i}: ${typeof r === 'string' ? r : JSON.stringify(r)} (saved ${saved})`);
            if (typeof r === 'string') {
              child.kill('SIGKILL');
              child = await startChild();
            }
          }
        }
      }
    } finally {
      child.kill('SIGKILL');
    }
    console.error('fuzz outcomes', codes);
    expect(failures).toEqual([]);
    expect(Object.values(codes).reduce((a, b) => a + b, 0)).toBe(total);
  }, 120_000);
});
