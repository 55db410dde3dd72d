/**
 * Typed errors of the runtime layer. `user` errors come from the input or the pipeline
 * (bad scan, wrong model shape): retrying cannot help, so Temporal activities rethrow them as
 * non-retryable. Everything else (IO hiccups, a crashed worker) is transient.
 */
export type RuntimeErrorCode =
  | 'EMPTY_INPUT'
  | 'UNSUPPORTED_FORMAT'
  | 'TRUNCATED_INPUT'
  | 'CORRUPT_INPUT'
  | 'VOLUME_TOO_LARGE'
  | 'DICOM_PARSE'
  | 'DICOM_UNSUPPORTED'
  | 'DICOM_MIXED_SERIES'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_INVALID'
  | 'SHAPE_MISMATCH'
  | 'BAD_NODE_INPUT'
  | 'KERNEL_MISSING'
  | 'INFERENCE_FAILED'
  | 'RUNTIME_UNAVAILABLE'
  | 'CANCELLED';

const TRANSIENT: ReadonlySet<RuntimeErrorCode> = new Set(['INFERENCE_FAILED', 'RUNTIME_UNAVAILABLE']);

export class RuntimeError extends Error {
  readonly user: boolean;
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RuntimeError';
    this.user = !TRANSIENT.has(code);
  }
}

export const isRuntimeError = (e: unknown): e is RuntimeError => e instanceof RuntimeError;
