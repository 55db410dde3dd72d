import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import { exportCommand } from './export';
import type { CliOptions } from './options';

const dir = mkdtempSync(path.join(tmpdir(), 'studio-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = (o: Partial<CliOptions>): CliOptions => ({ json: true, set: [], ...o });

describe('studio export --target edge', () => {
  it('writes a bundle with the pinned graph, the model and a manifest hashing every file', async () => {
    const models = path.join(dir, 'models');
    mkdirSync(models);
    writeFileSync(path.join(models, TISSUE_CLASSIFIER_FILE), buildTissueClassifier());
    const out = path.join(dir, 'bundle.zip');
    const code = await exportCommand([path.resolve('examples/pipelines/demo-tissue.json')], opts({ models, out, target: 'edge' }));
    expect(code).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.pipeline.version).toBe('unversioned');
    expect(manifest.nodes).toContain('model.onnx@1');
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(files).filter((f) => f !== 'manifest.json').sort());
    expect(Buffer.from(files[`models/${manifest.models[0].sha256}.onnx`]).equals(Buffer.from(buildTissueClassifier()))).toBe(true);
  });

  it('refuses other targets and a missing --out', async () => {
    await expect(exportCommand(['examples/pipelines/demo-tissue.json'], opts({ out: 'x.zip', target: 'browser' }))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
    await expect(exportCommand(['examples/pipelines/demo-tissue.json'], opts({}))).rejects.toMatchObject({ code: 'BAD_ARGUMENTS' });
  });

  it('refuses a pipeline whose model is missing, before building anything', async () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    await expect(exportCommand(['examples/pipelines/brain-gwm-64tiles.json'], opts({ models: empty, out: path.join(dir, 'y.zip') }))).rejects.toMatchObject({ code: 'PIPELINE_INVALID' });
  });
});
