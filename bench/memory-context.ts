import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelRef } from '../domain/models/signature';
import { RuntimeError } from '../runtimes/core/errors';
import type { InferenceRuntime, ModelHandle } from '../runtimes/core/inference';
import type { Artifact, KernelContext } from '../runtimes/core/kernel';
import { readModelSignature } from '../runtimes/core/onnx-signature';
import { sha256HexSync as sha256 } from '../runtimes/server/sha256';


/**
 * A KernelContext with no database and no blob store: the scan and the artifacts live in
 * memory, models are files in one directory. Artifact bytes are hashed (as the blob store
 * would) and then dropped; only their records are kept.
 */
export function memoryContexts(opts: { scanName: string; scanBytes: Uint8Array; modelsDir: string; inference: InferenceRuntime }) {
  const scanSha = sha256(opts.scanBytes);
  const blobs = new Map([[scanSha, opts.scanBytes]]);
  const models = new Map<string, ModelHandle>();
  const artifacts: Artifact[] = [];

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

  const context = (runId: string) => (nodeId: string): KernelContext => ({
    runId,
    nodeId,
    input: { format: 'nifti', files: [{ sha256: scanSha, name: opts.scanName, size: opts.scanBytes.byteLength }] },
    readBlob: async (sha) => {
      const b = blobs.get(sha);
      if (!b) throw new RuntimeError('CORRUPT_INPUT', `blob ${sha} not found`);
      return b;
    },
    writeArtifact: async (file) => {
      const a: Artifact = { nodeId, name: file.name, mediaType: file.mediaType, sha256: sha256(file.bytes), size: file.bytes.byteLength };
      if (file.labelCounts) a.labelCounts = file.labelCounts;
      artifacts.push(a);
      return a;
    },
    resolveModel,
    inference: opts.inference,
    progress: () => {},
  });

  return { context, resolveModel, artifacts };
}
