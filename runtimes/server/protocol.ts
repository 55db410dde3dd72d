/** Messages between ort-pool.ts and ort-worker.mjs (the worker is plain JS; keep both in step). */

/** A Float32Array sent as its buffer plus the view's position, so the buffer can be transferred. */
export interface WireTensor {
  dims: number[];
  buffer: ArrayBuffer | SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

export type WorkerRequest =
  | {
      id: number;
      type: 'run';
      sha256: string;
      /** Model file path (preferred: ORT maps it) or the model bytes. */
      path?: string;
      bytes?: Uint8Array;
      feeds: Record<string, WireTensor>;
    }
  /** Fault injection for tests: the thread exits while holding the call. */
  | { id: number; type: 'exit' };

/** A request before the pool numbers it (Omit distributed over the union). */
export type WorkerRequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export type WorkerReply =
  | { id: number; ok: true; outputs: Record<string, WireTensor>; inputs: Record<string, WireTensor>; sessionCreated: boolean; ms: number }
  | { id: number; ok: false; phase: 'missing' | 'load' | 'run'; message: string; inputs?: Record<string, WireTensor> };
