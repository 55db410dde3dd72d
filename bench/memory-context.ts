import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelRef } from '../domain/models/signature';
import { RuntimeError } from '../runtimes/core/errors';
import type { InferenceRuntime, ModelHandle } from '../runtimes/core/inference';
import { memoryContext } from '../runtimes/core/memory-context';
import { readModelSignature } from '../runtimes/core/onnx-signature';
import { sha256HexSync as sha256 } from '../runtimes/server/sha256';


/**
 * The bench's kernel contexts (runtimes/core/memory-context): the scan in memory, models are
 * files in one directory. Artifact bytes are hashed (as the blob store would) and then dropped.
 */
export function memoryContexts(opts: { scanName: string; scanBytes: Uint8Array; modelsDir: string; inference: InferenceRuntime }) {
  const scanSha = sha256(opts.scanBytes);
  const blobs = new Map([[scanSha, opts.scanBytes]]);
  const models = new Map<string, ModelHandle>();

  async function resolveModel(ref: ModelRef): Promise<ModelHandle> {
    const key = 'file' in ref ? ref.file : ref.sha256;
    const cached = models.get(key);
    if (cached) return cached;
    if (!('file' in ref)) throw new RuntimeError('MODEL_NOT_FOUND', `model ${ref.sha256} is not in ${opts.modelsDir}`);
    const file = path.join(opts.modelsDir, ref.file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new RuntimeError('MODEL_NOT_FOUND', `model file ${file} not found`);
    }
    const signature = readModelSignature(bytes, sha256(bytes));
    const handle: ModelHandle = { sha256: signature.sha256, path: file, signature };
    models.set(key, handle);
    return handle;
  }

  const input = { format: 'nifti' as const, files: [{ sha256: scanSha, name: opts.scanName, size: opts.scanBytes.byteLength }] };
  const context = (runId: string) =>
    memoryContext({ runId, input, blobs, inference: opts.inference, resolveModel, hash: sha256, keepArtifacts: false }).context;

  return { context, resolveModel };
}
