import { RuntimeError } from '../core/errors';
import type { InferenceTensor } from '../core/inference';

/** Where an onnxruntime call failed: the model file is absent, ORT could not load it, or the run failed. */
export type OrtPhase = 'missing' | 'load' | 'run';

/**
 * ORT's messages are the only signal of what went wrong; every host (server pool, edge runner,
 * browser) classifies them here into stable codes.
 */
export function ortFailure(phase: OrtPhase, message: string, details: { sha256: string; target: string }): RuntimeError {
  const all = { ...details, ortMessage: message };
  if (phase === 'missing') return new RuntimeError('MODEL_NOT_FOUND', message, all);
  if (phase === 'load') return new RuntimeError('MODEL_INVALID', `the model cannot be loaded: ${message}`, all);
  if (/\bdim(s|ension)?s?\b|shape|\brank\b/i.test(message)) {
    return new RuntimeError('SHAPE_MISMATCH', `the input does not fit the model: ${message}`, all);
  }
  return new RuntimeError('INFERENCE_FAILED', `inference failed: ${message}`, all);
}

/** Every feed's dims must account for its data, before anything reaches ORT. */
export function checkFeeds(feeds: Record<string, InferenceTensor>): void {
  for (const [name, t] of Object.entries(feeds)) {
    const expected = t.dims.reduce((a, b) => a * b, 1);
    if (expected !== t.data.length) {
      throw new RuntimeError('SHAPE_MISMATCH', `feed ${name}: dims [${t.dims.join(',')}] need ${expected} values, got ${t.data.length}`);
    }
  }
}
