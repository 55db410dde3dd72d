import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeDemoScan } from '../demo/scan';
import { buildTissueClassifier } from '../demo/tissue-classifier';
import { onnx } from '../runtimes/core/onnx-proto';
import type { CliOptions } from './options';
import { optimiseCommand } from './optimise';

const dir = mkdtempSync(path.join(tmpdir(), 'studio-optimise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = (o: Partial<CliOptions>): CliOptions => ({ json: true, set: [], ...o });
const model = path.join(dir, 'demo.onnx');
const scan = path.join(dir, 'phantom.nii.gz');
writeFileSync(model, buildTissueClassifier());
writeFileSync(scan, writeDemoScan({ size: 32 }));

async function printed(run: () => Promise<number>) {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((s: string, cb?: () => void) => (cb?.(), true)) as never);
  try {
    expect(await run()).toBe(0);
    return JSON.parse(String(spy.mock.calls.at(-1)![0]));
  } finally {
    spy.mockRestore();
  }
}

describe('studio optimise', () => {
  it('--kind fp16 --reference: writes the variant and prints size, latency and Dice per label', async () => {
    const out = path.join(dir, 'demo.fp16.onnx');
    const doc = await printed(() => optimiseCommand([model], opts({ kind: 'fp16', out, reference: scan })));
    expect(doc.kind).toBe('fp16');
    const written = onnx.ModelProto.decode(readFileSync(out));
    expect(written.graph!.initializer!.every((t) => t.dataType === 10)).toBe(true);
    expect(doc.report.dicePerLabel).toHaveLength(5);
    expect(doc.report.labelCounts.fp32.reduce((a: number, b: number) => a + b, 0)).toBe(32 ** 3);
    expect(doc.report.latencyMs).toBeGreaterThan(0);
    // the studio's verdict at 0.98, consistent with the Dice it printed
    const below = (doc.report.dicePerLabel as number[]).flatMap((dice, label) => (dice < 0.98 ? [{ label, dice }] : []));
    expect(doc.gate).toMatchObject({ status: below.length ? 'rejected' : 'accepted', threshold: 0.98, failing: below });
  });

  it('--kind int8 without --calibrate is weight-only and says latency was not measured without --reference', async () => {
    const out = path.join(dir, 'demo.int8.onnx');
    const doc = await printed(() => optimiseCommand([model], opts({ kind: 'int8', out })));
    expect(doc.kind).toBe('int8-weights');
    expect(doc.report).toBeNull();
    expect(doc.note).toMatch(/no --reference/);
    expect(onnx.ModelProto.decode(readFileSync(out)).graph!.node!.map((n) => n.opType)).toContain('DequantizeLinear');
  });

  it('refuses a bad kind, a missing --out, int8-static without --calibrate and a missing file', async () => {
    await expect(optimiseCommand([model], opts({ kind: 'int4', out: 'x' }))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(optimiseCommand([model], opts({ kind: 'fp16' }))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(optimiseCommand([model], opts({ kind: 'int8-static', out: 'x' }))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(optimiseCommand([path.join(dir, 'nope.onnx')], opts({ kind: 'fp16', out: 'x' }))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
