import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTissueClassifier } from '../../demo/tissue-classifier';
import type { ModelSignature } from '../../domain/models/signature';
import { readModelSignature } from '../core/onnx-signature';
import { checkTarget, compatibilityReport, graphTargetOffences } from './compat';
import webgpu from './ops/webgpu.json';

const sig = (bytes: Uint8Array) => readModelSignature(bytes, createHash('sha256').update(bytes).digest('hex'));

function synthetic(operators: string[], opset = 17): ModelSignature {
  return {
    sha256: '0'.repeat(64), irVersion: 8, opsets: { 'ai.onnx': opset }, operators, sizeBytes: 1,
    inputs: [{ name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] }],
    outputs: [{ name: 'output', dtype: 'float32', shape: [1, 10] }],
  };
}

describe('operator compatibility per target', () => {
  it('accepts the demo model on every CPU target and warns about its dynamic dims', () => {
    const report = compatibilityReport(sig(buildTissueClassifier()), ['server-cpu', 'browser-wasm', 'edge-node']);
    for (const r of report) {
      expect(r.offending).toEqual([]);
      expect(r.supported).toBe(true);
      expect(r.warnings.join()).toMatch(/dynamic dims \(z, y, x\)/);
    }
  });

  it('refuses an operator WebGPU has no kernel for and names it; CPU targets accept it', () => {
    const s = synthetic(['Conv', 'Relu', 'TopK']);
    const r = checkTarget(s, 'browser-webgpu');
    expect(r.supported).toBe(false);
    expect(r.offending).toEqual([{ operator: 'TopK', reason: 'onnxruntime-web (webgpu) has no kernel for TopK' }]);
    expect(checkTarget(s, 'server-cpu').supported).toBe(true);
  });

  it('applies opset ranges: a removed operator, an unknown domain, a too new opset', () => {
    const scatter = checkTarget(synthetic(['Scatter'], 13), 'server-cpu');
    expect(scatter.offending[0]).toMatchObject({ operator: 'Scatter', reason: expect.stringMatching(/opset 9-10, the model uses ai.onnx opset 13/) });
    expect(checkTarget(synthetic(['Scatter'], 10), 'server-cpu').supported).toBe(true);
    expect(checkTarget(synthetic(['com.example.Magic']), 'edge-node').offending.map((o) => o.operator)).toEqual(['com.example.Magic']);
    expect(checkTarget(synthetic(['Relu'], 99), 'browser-wasm').offending.map((o) => o.operator)).toEqual(['opset:ai.onnx']);
  });

  it('refuses float64 model inputs on WebGPU', () => {
    const s = synthetic(['Relu']);
    s.inputs[0].dtype = 'float64';
    expect(checkTarget(s, 'browser-webgpu').offending).toEqual([{ operator: 'io:input', reason: 'onnxruntime-web (webgpu) cannot take float64 tensors (input)' }]);
  });

  it('keeps the WebGPU table in step with the installed onnxruntime-web docs', () => {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
    const md = readFileSync(path.join(dist, '../docs/webgpu-operators.md'), 'utf8');
    const names = [...md.matchAll(/^\| ([A-Za-z0-9]+) \| [a-z.]+\(/gm)].map((m) => m[1]).sort();
    expect(Object.keys(webgpu.ops).sort()).toEqual(names);
  });
});

describe('graphTargetOffences (publish refuses a target it cannot run on)', () => {
  const sig = (operators: string[]): ModelSignature => ({
    sha256: 'a'.repeat(64),
    inputs: [{ name: 'input', dtype: 'float32', shape: [1, 1, null, null, null] }],
    outputs: [{ name: 'output', dtype: 'float32', shape: [1, 3, null, null, null] }],
    irVersion: 8,
    opsets: { 'ai.onnx': 17 },
    operators,
    sizeBytes: 1,
  });
  const graph = {
    schema: 'studio.pipeline/v1' as const,
    name: 't',
    description: '',
    nodes: [
      { id: 'in', kind: 'input.nifti', version: 1, params: {} },
      { id: 'm', kind: 'model.onnx', version: 1, params: { model: { sha256: 'a'.repeat(64) }, batchSize: 1 } },
    ],
    edges: [],
  };

  it('names the node and the operator per target, and passes targets that can run it', () => {
    const lookup = () => sig(['Conv', 'Relu', 'TopK']);
    expect(graphTargetOffences(graph, lookup, ['server-cpu', 'browser-wasm'])).toEqual([]);
    const webgpu = graphTargetOffences(graph, lookup, ['browser-webgpu']);
    expect(webgpu.length).toBe(1);
    expect(webgpu[0]).toMatchObject({ target: 'browser-webgpu', nodeId: 'm' });
    expect(webgpu[0].offending.map((o) => o.operator)).toContain('TopK');
  });

  it('ignores models the validator already reports as missing', () => {
    expect(graphTargetOffences(graph, () => undefined, ['browser-webgpu'])).toEqual([]);
  });
});
