import { RuntimeError } from '../core/errors';
import type { InferenceRuntime, InferenceTensor } from '../core/inference';
import { checkFeeds, ortFailure } from '../ort/errors';
import { OrtPool, type OrtPoolOptions } from './ort-pool';
import type { WireTensor } from './protocol';

export interface ServerRuntime extends InferenceRuntime {
  readonly target: 'server-cpu';
  /** Sessions created / runs / worker restarts so far (tests and the bench read these). */
  readonly stats: OrtPool['stats'];
  readonly intraOpNumThreads: number;
}

function toWire(feeds: Record<string, InferenceTensor>): { wire: Record<string, WireTensor>; transfer: ArrayBuffer[] } {
  checkFeeds(feeds);
  const wire: Record<string, WireTensor> = {};
  const transfer = new Set<ArrayBuffer>();
  for (const [name, t] of Object.entries(feeds)) {
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
      if (!reply.ok) throw ortFailure(reply.phase, reply.message, { sha256: model.sha256, target: 'server-cpu' });
      return { outputs: fromWire(reply.outputs), inputs: fromWire(reply.inputs) };
    },
    dispose: () => pool.dispose(),
  };
}
