import type { BundleManifest } from '../manifest';
import { modelPath } from '../manifest';
import { registerWasmRuntime } from '../../browser/wasm';
import { resolveRuntime } from '../../core/registry';
import { runBundle, summary } from './run-bundle';

/**
 * Entry bundled into the edge bundle's `runner.js` for `index.html`: the same interpreter and
 * kernels as `run.mjs`, on onnxruntime-web (wasm, files under ./web/). Everything stays in the
 * page: the scan is read from the file picker, outputs are offered as downloads.
 */
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function log(text: string): void {
  $('log').textContent += `${text}\n`;
}

async function start(): Promise<void> {
  registerWasmRuntime({ wasmPaths: new URL('./web/', location.href).href });
  const manifest = (await (await fetch('./manifest.json')).json()) as BundleManifest;
  $('title').textContent = `${manifest.pipeline.name} (${manifest.pipeline.version})`;
  $('expects').textContent = manifest.input.map((i) => i.description).join(' or ');
  const picker = $<HTMLInputElement>('scan');
  if (manifest.input.some((i) => i.format === 'dicom')) picker.multiple = true;
  $('run').addEventListener('click', async () => {
    const files = [...(picker.files ?? [])];
    if (!files.length) return log('choose a scan first');
    const nifti = files.length === 1 && /\.nii(\.gz)?$/i.test(files[0].name);
    const { runtime: inference } = await resolveRuntime(['browser-wasm']);
    log(`running on ${inference.target}${globalThis.crossOriginIsolated ? ' (threads)' : ' (1 thread: page not cross-origin isolated)'}`);
    try {
      const result = await runBundle({
        manifest,
        input: { format: nifti ? 'nifti' : 'dicom', files: await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))) },
        inference,
        model: (sha256) => ({ sha256, bytes: async () => new Uint8Array(await (await fetch(modelPath(sha256))).arrayBuffer()) }),
        progress: (nodeId, fraction) => ($('status').textContent = `${nodeId} ${Math.round(fraction * 100)}%`),
      });
      for (const o of result.outputs) {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([o.bytes as Uint8Array<ArrayBuffer>], { type: o.mediaType }));
        a.download = o.file;
        a.textContent = `${o.file} (${o.size} bytes)`;
        $('outputs').append(a, document.createElement('br'));
      }
      log(JSON.stringify(summary(result), null, 2));
    } catch (e) {
      log(`failed: ${(e as Error).message}`);
    } finally {
      await inference.dispose();
    }
  });
}

void start();
