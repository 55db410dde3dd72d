import { it } from 'vitest';
import type { InferenceRuntime } from '../../runtimes/core/inference';
import type { KernelContext } from '../../runtimes/core/kernel';
import { needFiles } from '../needs';
import { CASES, loadGraph, type ConformanceCase } from './cases';
import { runInMemory, type Outcome } from './run-in-memory';

/**
 * One test per case, the same list on every target. A case whose material is missing is
 * reported as skipped, naming it; under CI=true the file fails instead (test/needs.ts).
 */
export function eachCase(run: (c: ConformanceCase) => Promise<void>, timeoutMs?: number): void {
  for (const c of CASES) {
    const material = needFiles(...c.needs);
    if (material.ok) it(c.id, () => run(c), timeoutMs);
    else it.skip(material.title(c.id), () => {});
  }
}

/** The in-process reference: the shared interpreter and kernels on an onnxruntime-node runtime. */
export function inProcessReference(c: ConformanceCase, inference: InferenceRuntime, provenance?: KernelContext['provenance']): Promise<Outcome> {
  return runInMemory(loadGraph(c), c.input(), c.models(), inference, provenance);
}
