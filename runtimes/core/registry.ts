import type { Target } from '../../domain/nodes/spec';
import { RuntimeError } from './errors';
import type { InferenceRuntime } from './inference';

/** Creates a runtime for one target; may throw (or reject) when the target is unavailable here. */
export type RuntimeFactory = () => InferenceRuntime | Promise<InferenceRuntime>;

export interface ResolvedRuntime {
  runtime: InferenceRuntime;
  /** Targets tried before the one that worked, with why they failed. */
  failures: { target: Target; error: Error }[];
}

// Module-level: each side (server, browser) registers what it can run at startup.
const factories = new Map<Target, RuntimeFactory>();

/** Register (or replace) the factory for a target. Returns a function that unregisters it. */
export function registerRuntime(target: Target, factory: RuntimeFactory): () => void {
  factories.set(target, factory);
  return () => {
    if (factories.get(target) === factory) factories.delete(target);
  };
}

export function registeredTargets(): Target[] {
  return [...factories.keys()];
}

/**
 * First target in preference order whose factory yields a runtime. Every failure is kept so a
 * caller can show why it fell back (e.g. WebGPU missing -> wasm).
 */
export async function resolveRuntime(preferred: Target[]): Promise<ResolvedRuntime> {
  const failures: ResolvedRuntime['failures'] = [];
  for (const target of preferred) {
    const factory = factories.get(target);
    if (!factory) {
      failures.push({ target, error: new Error(`no runtime registered for ${target}`) });
      continue;
    }
    try {
      return { runtime: await factory(), failures };
    } catch (e) {
      failures.push({ target, error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  const why = failures.map((f) => `${f.target}: ${f.error.message}`).join('; ');
  throw new RuntimeError('RUNTIME_UNAVAILABLE', `no inference runtime available (${why || 'no targets requested'})`, {
    failures: failures.map((f) => ({ target: f.target, message: f.error.message })),
  });
}
