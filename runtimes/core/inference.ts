import type { ModelSignature } from '../../domain/models/signature';
import type { Target } from '../../domain/nodes/spec';

export interface InferenceTensor {
  dims: number[];
  data: Float32Array;
}

export interface ModelHandle {
  sha256: string;
  /** A file path the runtime may read (server/edge), or bytes (browser). */
  path?: string;
  bytes?: () => Promise<Uint8Array>;
  /** Declared inputs/outputs when the resolver knows them (models table); model.onnx picks feed names and checks shapes with it. */
  signature?: Pick<ModelSignature, 'inputs' | 'outputs'>;
}

/**
 * One interface for every target (onnxruntime-node in a worker pool, onnxruntime-web, ...).
 * Implementations cache one session per model hash. Input buffers may be transferred to a
 * worker: after `run` resolves the caller must use the returned `inputs` (same data, possibly
 * a new ArrayBuffer) instead of the ones passed in.
 */
export interface InferenceRuntime {
  readonly target: Target;
  run(
    model: ModelHandle,
    feeds: Record<string, InferenceTensor>,
    options?: { signal?: AbortSignal },
  ): Promise<{ outputs: Record<string, InferenceTensor>; inputs: Record<string, InferenceTensor> }>;
  dispose(): Promise<void>;
}
