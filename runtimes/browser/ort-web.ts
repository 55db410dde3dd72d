import type * as OrtWeb from 'onnxruntime-web';
import { createOrtRuntime, type OrtRuntime } from '../ort/runtime';

export type OrtWebModule = typeof OrtWeb;

/**
 * Session options of every onnxruntime-web session. Note: onnxruntime-web passes `!!option`
 * for `enableCpuMemArena` / `enableMemPattern`, so unset means OFF there (onnxruntime-node
 * defaults both to on); the targets bench reports this.
 */
export const ORT_WEB_SESSION_OPTIONS: OrtWeb.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };

/** The common onnxruntime adapter over an onnxruntime-web module (bytes only: a page has no paths). */
export function createOrtWebRuntime(ort: OrtWebModule, target: 'browser-wasm' | 'browser-webgpu', executionProviders: string[]): OrtRuntime {
  return createOrtRuntime(ort, { target, sessionOptions: { ...ORT_WEB_SESSION_OPTIONS, executionProviders } });
}
