import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, needFiles } from '../../test/needs';
import { readModelSignature } from '../core/onnx-signature';
import { checkTarget } from './compat';

const MODELS = corpusPath('models');
const CORPUS = needFiles(path.join(MODELS, 'brainchop_meshnet_gwm_64cube.onnx'));
const sig = (bytes: Uint8Array) => readModelSignature(bytes, createHash('sha256').update(bytes).digest('hex'));

describe('operator compatibility of the real corpus models', () => {
  it.skipIf(!CORPUS.ok)(CORPUS.title('accepts every real corpus model on server, wasm and edge'), () => {
    const files = readdirSync(MODELS).filter((f) => f.endsWith('.onnx'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const s = sig(new Uint8Array(readFileSync(path.join(MODELS, f))));
      for (const t of ['server-cpu', 'browser-wasm', 'edge-node'] as const) expect({ f, t, off: checkTarget(s, t).offending }).toEqual({ f, t, off: [] });
    }
  });

  it.skipIf(!CORPUS.ok)(CORPUS.title('refuses the 3-D MeshNet on WebGPU, naming Conv'), () => {
    const s = sig(new Uint8Array(readFileSync(path.join(MODELS, 'brainchop_meshnet_gwm_64cube.onnx'))));
    const r = checkTarget(s, 'browser-webgpu');
    expect(r.supported).toBe(false);
    expect(r.offending.map((o) => o.operator)).toContain('Conv');
    expect(r.offending.find((o) => o.operator === 'Conv')!.reason).toMatch(/conv3d is not supported \(model input rank 5\)/);
  });
});
