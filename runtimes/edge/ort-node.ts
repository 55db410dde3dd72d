import ort from 'onnxruntime-node';
import { RuntimeError } from '../core/errors';
import type { InferenceRuntime, InferenceTensor, ModelHandle } from '../core/inference';

/**
 * onnxruntime-node in the calling thread, for the edge runner: a one-shot command line
 * process with nothing else on its event loop, so the server's worker pool is not needed.
 * Same session settings as the server (explicit intra-op threads, full graph optimisation,
 * sequential, CPU arena), one session per model sha256.
 */
export function createEdgeNodeRuntime(opts: { intraOpNumThreads: number }): InferenceRuntime {
  const sessions = new Map<string, Promise<ort.InferenceSession>>();
  const open = async (model: ModelHandle) => {
    const source = model.path ?? (model.bytes ? await model.bytes() : undefined);
    if (!source) throw new RuntimeError('MODEL_NOT_FOUND', `model ${model.sha256} has neither a path nor bytes`);
    const options: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: opts.intraOpNumThreads, graphOptimizationLevel: 'all', executionMode: 'sequential', enableCpuMemArena: true,
    };
    try {
      return typeof source === 'string' ? await ort.InferenceSession.create(source, options) : await ort.InferenceSession.create(source, options);
    } catch (e) {
      throw new RuntimeError('MODEL_INVALID', `the model cannot be loaded: ${(e as Error).message}`, { sha256: model.sha256 });
    }
  };
  return {
    target: 'edge-node',
    async run(model, feeds) {
      let session = sessions.get(model.sha256);
      if (!session) sessions.set(model.sha256, (session = open(model)));
      const s = await session;
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor('float32', t.data, t.dims);
      let out: ort.InferenceSession.ReturnType;
      try {
        out = await s.run(ortFeeds);
      } catch (e) {
        const message = (e as Error).message;
        const code = /\bdim(s|ension)?s?\b|shape|\brank\b/i.test(message) ? 'SHAPE_MISMATCH' : 'INFERENCE_FAILED';
        throw new RuntimeError(code, `inference failed: ${message}`, { sha256: model.sha256 });
      }
      const outputs: Record<string, InferenceTensor> = {};
      for (const [name, t] of Object.entries(out)) {
        if (t.type !== 'float32') throw new RuntimeError('INFERENCE_FAILED', `output ${name} is ${t.type}, not float32`);
        outputs[name] = { dims: [...t.dims], data: t.data as Float32Array };
      }
      return { outputs, inputs: feeds };
    },
    async dispose() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((p) => p.then((s) => s.release()).catch(() => {})));
    },
  };
}
