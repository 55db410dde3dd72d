import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { onnx } from '../core/onnx-proto';
import { dicePerLabel, labelCounts, labelMap } from './dice';
import { fromHalfBits, toHalfBits } from './float16';
import { DT } from './graph';
import { calibrate, MAX_INT8_PADDING_COST, measureVariant, optimiseModel, paddingCost, toFp16, toInt8 } from './index';
import { buildTinyMeshNet, buildTinyMlp, tinyInput, TINY } from './test-model';

const fp32 = buildTinyMeshNet();
const input = tinyInput();
const dir = mkdtempSync(path.join(tmpdir(), 'optimise-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decode = (b: Uint8Array) => onnx.ModelProto.decode(b);
const ops = (b: Uint8Array) => decode(b).graph!.node!.map((n) => n.opType);
const init = (b: Uint8Array, name: string) => decode(b).graph!.initializer!.find((t) => t.name === name)!;

async function run(bytes: Uint8Array, optimizedPath?: string) {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'all', ...(optimizedPath ? { optimizedModelFilePath: optimizedPath } : {}) });
  const out = await s.run({ input: new ort.Tensor('float32', input.data, input.dims) });
  await s.release();
  return out.output.data as Float32Array;
}
const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const meanAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => m + Math.abs(v - b[i]), 0) / a.length;
const range = (a: Float32Array) => Math.max(...a) - Math.min(...a);

describe('float16 bits', () => {
  it('encodes known values, rounds to nearest even and saturates to infinity', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(2 ** -24)).toBe(1); // smallest subnormal
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(fromHalfBits(toHalfBits(0.333))).toBeCloseTo(0.333, 3);
  });
});

describe('toFp16 (fp16 storage)', () => {
  const r = toFp16(fp32);
  it('stores every weight as float16 behind a Cast to float32 and keeps graph I/O float32', () => {
    const m = decode(r.bytes);
    expect(m.graph!.initializer!.every((t) => t.dataType === DT.FLOAT16)).toBe(true);
    expect(r.converted).toHaveLength(6);
    expect(ops(r.bytes).filter((o) => o === 'Cast')).toHaveLength(6);
    expect(m.graph!.input![0].type!.tensorType!.elemType).toBe(DT.FLOAT);
    expect(m.graph!.output![0].type!.tensorType!.elemType).toBe(DT.FLOAT);
    expect(r.bytes.byteLength).toBeLessThan(fp32.byteLength * 0.6);
  });
  it('gives outputs within float16 rounding of fp32', async () => {
    const [a, b] = [await run(fp32), await run(r.bytes)];
    expect(maxAbs(a, b)).toBeLessThan(range(a) * 2e-3);
  });
});

describe('toInt8 static QDQ', async () => {
  const calibration = await calibrate(fp32, [{ input: tinyInput(11) }, { input: tinyInput(12) }], { threads: 1 });
  const r = toInt8(fp32, { mode: 'static', calibration });
  it('calibrates the inputs of every Conv (min/max and channel means)', () => {
    expect(Object.keys(calibration.ranges).sort()).toEqual(['a0', 'a1', 'input']);
    expect(calibration.ranges.a0[0]).toBe(0); // a Relu output
    expect(calibration.means!.a0).toHaveLength(TINY.hidden);
  });
  it('puts Q/DQ on activations, int8 per-channel weights and int32 bias, at opset 13', () => {
    const m = decode(r.bytes);
    expect(Number(m.opsetImport!.find((o) => !o.domain)!.version)).toBe(13);
    expect(ops(r.bytes).filter((o) => o === 'QuantizeLinear')).toHaveLength(3);
    expect(r.quantizedNodes).toEqual(['c0', 'c1', 'c2']);
    const w = init(r.bytes, 'c1.w_quantized');
    expect(w.dataType).toBe(DT.INT8);
    expect(init(r.bytes, 'c1.w_scale').dims!.map(Number)).toEqual([16]); // per channel, padded 6 -> 16
    expect(init(r.bytes, 'c1.b_quantized').dataType).toBe(DT.INT32);
    expect(init(r.bytes, 'a0_zero_point').dataType).toBe(DT.UINT8);
    expect(m.graph!.initializer!.some((t) => t.dataType === DT.FLOAT && t.name === 'c1.w')).toBe(false);
    expect(r.paddedChannels).toEqual([{ node: 'c0', from: 6, to: 16 }, { node: 'c1', from: 6, to: 16 }]);
  });
  it('is fused by onnxruntime into QLinearConv (dilated conv included) and stays close to fp32', async () => {
    const opt = path.join(dir, 'int8.opt.onnx');
    const [a, b] = [await run(fp32), await run(r.bytes, opt)];
    const fused = decode(new Uint8Array(readFileSync(opt))).graph!.node!.filter((n) => n.opType === 'QLinearConv').length;
    expect(fused).toBe(2); // c0, c1; c2 (logits, no Q after it) stays a float Conv
    // Calibrated on other inputs: a few voxels beyond the calibrated ranges clip, the mass stays close.
    expect(meanAbs(a, b)).toBeLessThan(range(a) * 0.01);
    const [la, lb] = [labelMap(a, TINY.classes), labelMap(b, TINY.classes)];
    // At most 1% of voxels change label, and every label of 10+ voxels keeps Dice > 0.9 (a label
    // of 4 voxels moves to 0.86 with one flipped voxel: too small to judge on this tiny model).
    expect(la.reduce((n, v, i) => n + (v !== lb[i] ? 1 : 0), 0)).toBeLessThanOrEqual(la.length * 0.01);
    const counts = labelCounts(la, TINY.classes);
    const d = dicePerLabel(la, lb, TINY.classes).filter((_, k) => counts[k] >= 10);
    expect(d.length).toBeGreaterThan(1);
    expect(Math.min(...d)).toBeGreaterThan(0.9);
  });
  it('keeps nodes in float32 on request and says why (unaligned input channels: corpus and service tests)', () => {
    const odd = toInt8(buildTinyMeshNet(), { mode: 'static', calibration, keepFloat: ['c2'] });
    expect(odd.keptFloat).toEqual([{ node: 'c2', reason: 'kept in float32 on request' }]);
    expect(odd.quantizedNodes).toEqual(['c0', 'c1']);
  });
  it('refuses without calibration, or when a range is missing', () => {
    expect(() => toInt8(fp32, { mode: 'static' })).toThrow(expect.objectContaining({ code: 'BAD_NODE_INPUT' }));
    expect(() => toInt8(fp32, { mode: 'static', calibration: { ranges: { input: [0, 1] } } })).toThrow(/no calibration range for a0/);
  });
});

describe('toInt8 weight-only', () => {
  it('dequantizes int8 weights and leaves activations float32', async () => {
    const r = toInt8(fp32, { mode: 'weights' });
    expect(ops(r.bytes)).not.toContain('QuantizeLinear');
    expect(ops(r.bytes).filter((o) => o === 'DequantizeLinear')).toHaveLength(3);
    expect(init(r.bytes, 'c0.w_quantized').dataType).toBe(DT.INT8);
    expect(init(r.bytes, 'c0.b').dataType).toBe(DT.FLOAT);
    expect(r.paddedChannels).toEqual([]);
    const [a, b] = [await run(fp32), await run(r.bytes)];
    expect(maxAbs(a, b)).toBeLessThan(range(a) * 0.02);
  });
  it('refuses an old-opset model whose operators cannot be relabelled opset 13', () => {
    expect(() => toInt8(buildTinyMeshNet({ extraOp: 'Softmax' }), { mode: 'weights' })).toThrow(expect.objectContaining({ code: 'MODEL_INVALID', message: expect.stringMatching(/Softmax/) }));
    expect(() => toInt8(buildTinyMeshNet({ extraOp: 'Softmax', opset: 13 }), { mode: 'weights' })).not.toThrow();
    expect(() => toInt8(buildTinyMeshNet({ opset: 6 }), { mode: 'weights' })).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });
  it('refuses bytes that are not ONNX', () => {
    expect(() => toInt8(new Uint8Array([1, 2, 3, 4]), { mode: 'weights' })).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });
});

describe('MatMul', () => {
  const mlp = buildTinyMlp();
  const x = { dims: [64, 8], data: Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 0.37)) };
  const runMlp = async (bytes: Uint8Array) => {
    const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    const out = await s.run({ input: new ort.Tensor('float32', x.data, x.dims) });
    await s.release();
    return out.output.data as Float32Array;
  };
  it('weight-only: per-column int8 B (axis 1); static: per-tensor B with Q/DQ on the activations', async () => {
    const w = toInt8(mlp, { mode: 'weights' });
    expect(init(w.bytes, 'w0_scale').dims!.map(Number)).toEqual([16]);
    const calibration = await calibrate(mlp, [{ input: x }], { threads: 1 });
    const s = toInt8(mlp, { mode: 'static', calibration });
    expect(init(s.bytes, 'w0_scale').dims!.map(Number)).toEqual([]);
    expect(s.activations).toEqual(['input', 'a']);
    const ref = await runMlp(mlp);
    for (const b of [w.bytes, s.bytes]) expect(meanAbs(ref, await runMlp(b))).toBeLessThan(range(ref) * 0.01);
  });
});

describe('measureVariant', () => {
  it('reports size, latency, Dice per label and label counts against fp32', async () => {
    const v = await optimiseModel(fp32, 'int8-weights', { calibration: [{ input: tinyInput(11) }], threads: 1 });
    const m = await measureVariant({ fp32, variant: v.bytes, input: { input }, reps: 2, threads: 1 });
    expect(m.sizeBytes).toBe(v.bytes.byteLength);
    expect(m.fp32SizeBytes).toBe(fp32.byteLength);
    expect(m.latencyMs).toBeGreaterThan(0);
    expect(m.dicePerLabel).toHaveLength(TINY.classes);
    expect(m.labelCounts.fp32.reduce((a, b) => a + b, 0)).toBe(TINY.edge ** 3);
    expect(m.labelCounts.variant.reduce((a, b) => a + b, 0)).toBe(TINY.edge ** 3);
    const self = await measureVariant({ fp32, variant: fp32, input: { input }, reps: 1, threads: 1 });
    expect(self.dicePerLabel).toEqual([1, 1, 1]);
    expect(self.mismatches).toBe(0);
  });
  it('int8-static refuses to start without calibration samples', async () => {
    await expect(optimiseModel(buildTinyMlp(), 'int8-static')).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });
  it('int8-static refuses up front a model whose channel padding costs more than int8 gains (6 -> 16 channels: 5.3x)', async () => {
    // [out, in, k^3] of c0, c1, c2 as built (4 input channels, 6 hidden, 3 classes), then padded 6 -> 16
    expect(paddingCost(fp32)).toMatchObject({ fp32Macs: 6 * 4 * 27 + 6 * 6 * 27 + 3 * 6, paddedMacs: 16 * 4 * 27 + 16 * 16 * 27 + 3 * 16, channels: [6, 6, 3] });
    expect(paddingCost(fp32).cost).toBeGreaterThan(MAX_INT8_PADDING_COST);
    // refused before calibration: the (absent) samples are never asked for
    const refused = await optimiseModel(fp32, 'int8-static').catch((e: Error & { code?: string }) => e);
    expect(refused).toMatchObject({ code: 'MODEL_INVALID' });
    expect((refused as Error).message).toMatch(/cannot be faster than float32 .* 3\/6 channels.* by 5\.3x/);
    expect(paddingCost(buildTinyMlp())).toMatchObject({ fp32Macs: 0, cost: 1 });
  });
});

describe('dicePerLabel', () => {
  it('is 2|A∩B| / (|A|+|B|) per label and 1 for a label absent from both', () => {
    const a = new Uint8Array([0, 0, 1, 1, 1, 2]);
    const b = new Uint8Array([0, 1, 1, 1, 0, 2]);
    expect(dicePerLabel(a, b, 4)).toEqual([0.5, 2 / 3, 1, 1]);
  });
});
