import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installNativeGzip } from '../../server/native-gzip';
import { registerRuntime, resolveRuntime } from '../../core/registry';
import { createEdgeNodeRuntime } from '../ort-node';
import { modelPath, type BundleManifest } from '../manifest';
import { sha256Hex } from '../../../domain/sha256';
import { runBundle, summary, type BundleInputFile } from './run-bundle';

const USAGE = 'usage: node run.mjs <scan.nii[.gz] | dicom-folder> <outdir>';

/** A file is NIfTI by name; a folder is one DICOM series (every regular file in it, sorted). */
async function readInput(p: string): Promise<{ format: 'nifti' | 'dicom'; files: BundleInputFile[] }> {
  if ((await stat(p)).isDirectory()) {
    const names = (await readdir(p, { withFileTypes: true })).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name).sort();
    return { format: 'dicom', files: await Promise.all(names.map(async (name) => ({ name, bytes: new Uint8Array(await readFile(path.join(p, name))) }))) };
  }
  return { format: 'nifti', files: [{ name: path.basename(p), bytes: new Uint8Array(await readFile(p)) }] };
}

/** Every file the manifest lists must still have its recorded sha256 (a tampered bundle does not run). */
async function verify(dir: string, manifest: BundleManifest): Promise<void> {
  for (const [file, sha] of Object.entries(manifest.files)) {
    const actual = await sha256Hex(new Uint8Array(await readFile(path.join(dir, file))));
    if (actual !== sha) throw new Error(`${file}: sha256 ${actual} does not match the manifest (${sha})`);
  }
}

/** Entry of the bundle's `run.mjs`: runs the pipeline on onnxruntime-node, writes outputs + outputs.json. */
export async function main(argv: string[]): Promise<number> {
  installNativeGzip(); // the same bytes as the server writes
  const [inputPath, outDir] = argv;
  if (!inputPath || !outDir) {
    console.error(USAGE);
    return 2;
  }
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  await verify(dir, manifest);
  registerRuntime('edge-node', () => createEdgeNodeRuntime({ intraOpNumThreads: Math.max(1, availableParallelism()) }));
  const { runtime: inference } = await resolveRuntime(['edge-node']);
  try {
    const result = await runBundle({
      manifest,
      input: await readInput(inputPath),
      inference,
      model: (sha256) => ({ sha256, path: path.join(dir, modelPath(sha256)), signature: manifest.models.find((m) => m.sha256 === sha256) }),
    });
    await mkdir(outDir, { recursive: true });
    for (const o of result.outputs) await writeFile(path.join(outDir, o.file), o.bytes);
    const report = { pipeline: { name: manifest.pipeline.name, version: manifest.pipeline.version }, ...summary(result) };
    await writeFile(path.join(outDir, 'outputs.json'), JSON.stringify(report, null, 2) + '\n');
    console.log(JSON.stringify(report));
    return 0;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    console.log(JSON.stringify({ error: { code: err.code ?? 'INTERNAL', message: err.message ?? String(e) } }));
    return 1;
  } finally {
    await inference.dispose();
  }
}
