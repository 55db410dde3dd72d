import { it } from 'vitest';
import type { InferenceRuntime } from '../../runtimes/core/inference';
import { CASES, loadGraph, missingMaterial, type ConformanceCase } from './cases';
import { runInMemory, type Outcome } from './run-in-memory';

/**
 * One test per case, the same list on every target. A case whose material is missing fails
 * under CI=true and is otherwise reported as skipped, naming what was not covered.
 */
export function eachCase(run: (c: ConformanceCase) => Promise<void>, timeoutMs?: number): void {
  for (const c of CASES) {
    const missing = missingMaterial(c);
    if (!missing.length) it(c.id, () => run(c), timeoutMs);
    else if (process.env.CI === 'true') it(c.id, () => { throw new Error(`CI=true and the material of ${c.id} is missing: ${missing.join(', ')}`); });
    else it.skip(`${c.id} (not covered here: ${missing.join(', ')} missing)`, () => {});
  }
}

/** The in-process reference: the shared interpreter and kernels on an onnxruntime-node runtime. */
export function inProcessReference(c: ConformanceCase, inference: InferenceRuntime): Promise<Outcome> {
  return runInMemory(loadGraph(c), c.input(), c.models(), inference);
}
