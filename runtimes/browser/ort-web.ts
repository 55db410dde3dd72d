import type * as OrtWeb from 'onnxruntime-web';
import { RuntimeError } from '../core/errors';
import type { InferenceRuntime, InferenceTensor, ModelHandle } from '../core/inference';

export type OrtWebModule = typeof OrtWeb;
type Session = OrtWeb.InferenceSession;

export interface OrtWebRuntimeOptions {
  target: 'browser-wasm' | 'browser-webgpu';
  /** Execution providers in preference order (ORT assigns each node to the first that has a kernel). */
  executionProviders: string[];
}

/**
 * Session options of every onnxruntime-web session. Note: onnxruntime-web passes `!!option`
 * for `enableCpuMemArena` / `enableMemPattern`, so unset means OFF there (onnxruntime-node
 * defaults both to on); the targets bench reports this.
 */
export const ORT_WEB_SESSION_OPTIONS: OrtWeb.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };

function toFloat32(name: string, t: OrtWeb.Tensor): InferenceTensor {
  if (t.type === 'float32') return { dims: [...t.dims], data: t.data as Float32Array };
  // Other numeric outputs are widened (InferenceTensor is float32 by contract); 64-bit ints via Number.
  if (t.type === 'string') throw new RuntimeError('INFERENCE_FAILED', `output ${name} is a string tensor, not numeric`);
  const src = t.data as ArrayLike<number | bigint>;
  const data = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = Number(src[i]);
  return { dims: [...t.dims], data };
}

/**
 * An InferenceRuntime over an already configured onnxruntime-web module (wasm or WebGPU; the
 * target modules decide which and set `ort.env`). One session per model sha256, created once
 * (concurrent first calls share the pending creation). Feeds are passed by reference: nothing
 * is transferred, so `inputs` is the caller's own feeds.
 */
export function createOrtWebRuntime(ort: OrtWebModule, opts: OrtWebRuntimeOptions): InferenceRuntime & { readonly sessions: number } {
  const sessions = new Map<string, Promise<Session>>();

  async function open(model: ModelHandle): Promise<Session> {
    if (!model.bytes) throw new RuntimeError('MODEL_NOT_FOUND', `model ${model.sha256} has no bytes for ${opts.target}`);
    const bytes = await model.bytes();
    try {
      return await ort.InferenceSession.create(bytes, { ...ORT_WEB_SESSION_OPTIONS, executionProviders: opts.executionProviders });
    } catch (e) {
      throw new RuntimeError('MODEL_INVALID', `the model cannot be loaded on ${opts.target}: ${(e as Error).message}`, { sha256: model.sha256 });
    }
  }

  function session(model: ModelHandle): Promise<Session> {
    let s = sessions.get(model.sha256);
    if (!s) {
      s = open(model);
      sessions.set(model.sha256, s);
      s.catch(() => sessions.delete(model.sha256)); // a failed load may be retried
    }
    return s;
  }

  return {
    target: opts.target,
    get sessions() {
      return sessions.size;
    },
    async run(model, feeds, options) {
      const s = await session(model);
      if (options?.signal?.aborted) throw new RuntimeError('CANCELLED', 'the run was cancelled');
      const ortFeeds: Record<string, OrtWeb.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        const expected = t.dims.reduce((a, b) => a * b, 1);
        if (expected !== t.data.length) {
          throw new RuntimeError('SHAPE_MISMATCH', `feed ${name}: dims [${t.dims.join(',')}] need ${expected} values, got ${t.data.length}`);
        }
        ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
      }
      let results: OrtWeb.InferenceSession.ReturnType;
      try {
        results = await s.run(ortFeeds);
      } catch (e) {
        const message = (e as Error).message;
        const code = /\bdim(s|ension)?s?\b|shape|\brank\b/i.test(message) ? 'SHAPE_MISMATCH' : 'INFERENCE_FAILED';
        throw new RuntimeError(code, `inference failed on ${opts.target}: ${message}`, { sha256: model.sha256 });
      }
      const outputs: Record<string, InferenceTensor> = {};
      for (const [name, t] of Object.entries(results)) outputs[name] = toFloat32(name, t);
      return { outputs, inputs: feeds };
    },
    async dispose() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => {})));
    },
  };
}
