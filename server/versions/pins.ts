import pkg from '../../package.json';
import type { PipelineGraph } from '../../domain/graph/schema';
import { graphPins, type VersionPins } from '../../domain/versioning/pins';

/** Packages whose version decides a run's numbers: the ONNX runtimes (exact, `npm install -E`). */
const RUNTIME_PACKAGES = ['onnxruntime-node', 'onnxruntime-web'] as const;

/** This build's runtime versions, from package.json (exact pins; package-lock.json matches them). */
export function runtimeVersions(): Record<string, string> {
  const deps = pkg.dependencies as Record<string, string>;
  return { ...Object.fromEntries(RUNTIME_PACKAGES.map((p) => [p, deps[p] ?? 'unknown'])), studio: pkg.version };
}

/** Pins recorded beside a version published (or imported) now: graph-derived + this build's runtimes. */
export const pinsFor = (graph: PipelineGraph): VersionPins => graphPins(graph, runtimeVersions());
