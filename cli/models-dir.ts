import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTissueClassifier, TISSUE_CLASSIFIER_FILE } from '../demo/tissue-classifier';
import type { ModelLookup, ModelRef, ModelSignature } from '../domain/models/signature';
import { readModelSignature } from '../runtimes/core/onnx-signature';
import { sha256HexSync } from '../runtimes/server/sha256';
import { CliError } from './output';

export interface LocalModel {
  file: string;
  path: string;
  sha256: string;
  signature: ModelSignature;
}

/**
 * The `.onnx` files of a `--models DIR`, with their sha256 and signature (read from the file,
 * as the studio does on upload). Unreadable models are skipped with a warning on stderr:
 * a pipeline that uses one then gets a `model-missing` issue.
 */
export async function readModelsDir(dir: string | undefined): Promise<LocalModel[]> {
  const out = dir ? await readDir(dir) : [];
  for (const b of await builtInModels()) if (!out.some((m) => m.file === b.file)) out.push(b);
  return out;
}

/**
 * Models the project generates itself (the demo tissue classifier), so the demo pipeline runs
 * from the CLI without --models. Written once to a content-addressed temp file (ORT loads by path).
 */
async function builtInModels(): Promise<LocalModel[]> {
  const bytes = buildTissueClassifier();
  const sha256 = sha256HexSync(bytes);
  const file = path.join(tmpdir(), `studio-builtin-${sha256}.onnx`);
  if (!existsSync(file)) await writeFile(file, bytes);
  return [{ file: TISSUE_CLASSIFIER_FILE, path: file, sha256, signature: readModelSignature(bytes, sha256) }];
}

async function readDir(dir: string): Promise<LocalModel[]> {
  if (!existsSync(dir)) throw new CliError('FILE_NOT_FOUND', `models directory ${dir} does not exist`);
  const out: LocalModel[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.onnx')).sort()) {
    const full = path.join(dir, file);
    const bytes = new Uint8Array(await readFile(full));
    const sha256 = sha256HexSync(bytes);
    try {
      out.push({ file, path: full, sha256, signature: readModelSignature(bytes, sha256) });
    } catch (e) {
      console.error(`[studio] skipping model ${full}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** `--models DIR` if given, else `$STUDIO_CORPUS_DIR/models` when that folder exists. */
export function defaultModelsDir(explicit: string | undefined, corpusDir: string): string | undefined {
  if (explicit) return explicit;
  const fallback = path.resolve(corpusDir, 'models');
  return existsSync(fallback) ? fallback : undefined;
}

export function localLookup(models: LocalModel[], extra: ModelLookup = () => undefined): ModelLookup {
  return (ref: ModelRef) => {
    const hit = 'file' in ref ? models.find((m) => m.file === ref.file) : models.find((m) => m.sha256 === ref.sha256);
    return hit?.signature ?? extra(ref);
  };
}
