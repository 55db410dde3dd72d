import type { InferenceSession } from 'onnxruntime-common';
import type { Target } from '../../domain/nodes/spec';
import { RuntimeError } from '../core/errors';
import type { InferenceRuntime, ModelHandle } from '../core/inference';
import { checkFeeds, ortFailure } from './errors';
import { createSessionCache, type OrtModule } from './sessions.mjs';

export type { OrtModule } from './sessions.mjs';

export interface OrtRuntimeOptions {
  target: Target;
  sessionOptions: InferenceSession.SessionOptions;
  /** The module can open a model file by path (onnxruntime-node); otherwise it needs the bytes. */
  paths?: boolean;
}

export type OrtRuntime = InferenceRuntime & { readonly sessions: number };

/**
 * An InferenceRuntime over an onnxruntime module in the calling thread (onnxruntime-web in a
 * page, onnxruntime-node in the edge runner; the server runs the same session cache in worker
 * threads). One session per model sha256. Feeds are passed by reference: nothing is
 * transferred, so `inputs` is the caller's own feeds.
 */
export function createOrtRuntime(ort: OrtModule, opts: OrtRuntimeOptions): OrtRuntime {
  const cache = createSessionCache(ort, opts.sessionOptions);
  const source = (model: ModelHandle) => {
    if (opts.paths && model.path) return () => model.path!;
    if (model.bytes) return model.bytes;
    const has = opts.paths ? 'neither a path nor bytes' : `no bytes for ${opts.target}`;
    throw new RuntimeError('MODEL_NOT_FOUND', `model ${model.sha256} has ${has}`);
  };
  return {
    target: opts.target,
    get sessions() {
      return cache.size;
    },
    async run(model, feeds, options) {
      const open = source(model);
      checkFeeds(feeds);
      if (options?.signal?.aborted) throw new RuntimeError('CANCELLED', 'the run was cancelled');
      const result = await cache.run(model.sha256, open, feeds);
      if (!result.ok) throw ortFailure(result.phase, result.message, { sha256: model.sha256, target: opts.target });
      return { outputs: result.outputs, inputs: feeds };
    },
    dispose: () => cache.release(),
  };
}
