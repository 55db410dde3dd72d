import ort from 'onnxruntime-node';
import { createOrtRuntime, type OrtRuntime } from '../ort/runtime';
import { nodeSessionOptions } from '../ort/sessions.mjs';

/**
 * onnxruntime-node in the calling thread, for the edge runner: a one-shot command line
 * process with nothing else on its event loop, so the server's worker pool is not needed.
 * The server's session settings and session cache; models opened by path.
 */
export function createEdgeNodeRuntime(opts: { intraOpNumThreads: number }): OrtRuntime {
  return createOrtRuntime(ort, { target: 'edge-node', sessionOptions: nodeSessionOptions(opts.intraOpNumThreads), paths: true });
}
