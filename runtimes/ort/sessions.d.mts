import type * as OrtCommon from 'onnxruntime-common';
import type { InferenceSession } from 'onnxruntime-common';

/** What the cache needs of an onnxruntime module: onnxruntime-node and onnxruntime-web both re-export these. */
export type OrtModule = Pick<typeof OrtCommon, 'InferenceSession' | 'Tensor'>;

export interface Float32Feed {
  dims: readonly number[];
  data: Float32Array;
}

export type SessionOutcome =
  | { ok: true; outputs: Record<string, { dims: number[]; data: Float32Array }>; sessionCreated: boolean; ms: number }
  | { ok: false; phase: 'load' | 'run'; message: string };

export interface SessionCache {
  readonly size: number;
  /** `source` is called only when the session is created (a path ORT maps, or the model bytes). */
  run(sha256: string, source: () => string | Uint8Array | Promise<string | Uint8Array>, feeds: Record<string, Float32Feed>): Promise<SessionOutcome>;
  release(): Promise<void>;
}

export declare function nodeSessionOptions(intraOpNumThreads: number, executionProviders?: string[]): InferenceSession.SessionOptions;
export declare function createSessionCache(ort: OrtModule, sessionOptions: InferenceSession.SessionOptions): SessionCache;
