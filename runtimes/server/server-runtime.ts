import { RuntimeError } from '../core/errors';
import type { InferenceRuntime, InferenceTensor, ModelHandle } from '../core/inference';
import { OrtPool, type OrtPoolOptions } from './ort-pool';
import type { WireTensor, WorkerReply } from './protocol';

export interface ServerRuntime extends InferenceRuntime {
  readonly target: 'server-cpu';
  /** Sessions created / runs / worker restarts so far (tests and the bench read these). */
  readonly stats: OrtPool['stats'];
  readonly intraOpNumThreads: number;
}

function toWire(feeds: Record<string, InferenceTensor>): { wire: Record<string, WireTensor>; transfer: ArrayBuffer[] } {
  const wire: Record<string, WireTensor> = {};
  const transfer = new Set<ArrayBuffer>();
  for (const [name, t] of Object.entries(feeds)) {
    const expected = t.dims.reduce((a, b) => a * b, 1);
    if (expected !== t.data.length) {
      throw new RuntimeError('SHAPE_MISMATCH', `feed ${name}: dims [${t.dims.join(',')}] need ${expected} values, got ${t.data.length}`);
    }
    wire[name] = { dims: [...t.dims], buffer: t.data.buffer, byteOffset: t.data.byteOffset, length: t.data.length };
    if (t.data.buffer instanceof ArrayBuffer) transfer.add(t.data.buffer);
  }
  return { wire, transfer: [...transfer] };
}

function fromWire(wire: Record<string, WireTensor> | undefined): Record<string, InferenceTensor> {
  const out: Record<string, InferenceTensor> = {};
  for (const [name, t] of Object.entries(wire ?? {})) out[name] = { dims: t.dims, data: new Float32Array(t.buffer, t.byteOffset, t.length) };
  return out;
}

/** ORT's messages are the only signal of what went wrong; classify them into stable codes. */
export function ortFailure(reply: Extract<WorkerReply, { ok: false }>, model: ModelHandle): RuntimeError {
  const details = { sha256: model.sha256, ortMessage: reply.message };
  if (reply.phase === 'missing') return new RuntimeError('MODEL_NOT_FOUND', reply.message, details);
  if (reply.phase === 'load') return new RuntimeError('MODEL_INVALID', `the model cannot be loaded: ${reply.message}`, details);
  if (/\bdim(s|ension)?s?\b|shape|\brank\b/i.test(reply.message)) {
    return new RuntimeError('SHAPE_MISMATCH', `the input does not fit the model: ${reply.message}`, details);
  }
  return new RuntimeError('INFERENCE_FAILED', `inference failed: ${reply.message}`, details);
}

/**
 * onnxruntime-node behind a worker-thread pool: `session.run` blocks its thread for the whole
 * inference, so it never runs on the caller's event loop. Feeds, outputs and the returned inputs
 * move by transfer (the caller's feed buffers are detached until `run` resolves).
 */
export function createServerRuntime(opts: OrtPoolOptions = {}): ServerRuntime {
  const pool = new OrtPool(opts);
  return {
    target: 'server-cpu',
    stats: pool.stats,
    intraOpNumThreads: pool.intraOpNumThreads,
    async run(model, feeds, options) {
      if (!model.path && !model.bytes) throw new RuntimeError('MODEL_NOT_FOUND', `model ${model.sha256} has neither a path nor bytes`);
      // A private copy of the model bytes, so transferring them never detaches the caller's buffer.
      const bytes = model.path ? undefined : (await model.bytes!()).slice();
      const { wire, transfer } = toWire(feeds);
      if (bytes) transfer.push(bytes.buffer as ArrayBuffer);
      const reply = await pool.call(
        { type: 'run', sha256: model.sha256, path: model.path, bytes, feeds: wire },
        transfer,
        options?.signal,
      );
      if (!reply.ok) throw ortFailure(reply, model);
      return { outputs: fromWire(reply.outputs), inputs: fromWire(reply.inputs) };
    },
    dispose: () => pool.dispose(),
  };
}
