import type { Target } from '../../domain/nodes/spec';
import { RuntimeError } from './errors';
import type { InferenceRuntime } from './inference';
import type { KernelLookup } from './interpreter';
import type { Kernel } from './kernel';

/**
 * How every host (server, Temporal worker, edge runners, browser, bench) gets its kernels and its
 * inference runtime. Kernels: runtimes/imaging/kernels registers the catalogue's kernels when it
 * is imported; a host override (e.g. a server-side kernel for one kind) registers after it (import
 * the catalogue first) and wins. Runtimes: each host registers the targets it can run.
 */
const kernels = new Map<string, Kernel[]>();
const kernelKey = (kind: string, version: number) => `${kind}@${version}`;

/** Register kernels; the last registered for a `kind@version` is used. Returns a function that unregisters them. */
export function registerKernels(list: readonly Kernel[]): () => void {
  for (const k of list) {
    const key = kernelKey(k.kind, k.version);
    kernels.set(key, [...(kernels.get(key) ?? []), k]);
  }
  return () => {
    for (const k of list) {
      const key = kernelKey(k.kind, k.version);
      const left = (kernels.get(key) ?? []).filter((x) => x !== k);
      if (left.length) kernels.set(key, left);
      else kernels.delete(key);
    }
  };
}

/** The kernel in force for `kind@version`, or undefined (the interpreter reports KERNEL_MISSING). */
export const lookupKernel: KernelLookup = (kind, version) => kernels.get(kernelKey(kind, version))?.at(-1);

/** Creates a runtime for one target; may throw (or reject) when the target is unavailable here. */
export type RuntimeFactory = () => InferenceRuntime | Promise<InferenceRuntime>;

export interface ResolvedRuntime {
  runtime: InferenceRuntime;
  /** Targets tried before the one that worked, with why they failed. */
  failures: { target: Target; error: Error }[];
}

// Module-level: each host registers the targets it can run at startup.
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
