import { describe, it, expect, afterEach } from 'vitest';
import { RuntimeError } from './errors';
import type { InferenceRuntime } from './inference';
import type { Kernel } from './kernel';
import { lookupKernel, registerKernels, registerRuntime, resolveRuntime } from './registry';

const fake = (target: InferenceRuntime['target']): InferenceRuntime => ({
  target,
  run: async () => ({ outputs: {}, inputs: {} }),
  dispose: async () => {},
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('runtime registry', () => {
  it('returns the first target that works and the failures before it', async () => {
    cleanups.push(registerRuntime('browser-webgpu', () => { throw new Error('no adapter'); }));
    cleanups.push(registerRuntime('browser-wasm', async () => fake('browser-wasm')));
    const { runtime, failures } = await resolveRuntime(['browser-webgpu', 'edge-node', 'browser-wasm']);
    expect(runtime.target).toBe('browser-wasm');
    expect(failures.map((f) => f.target)).toEqual(['browser-webgpu', 'edge-node']);
    expect(failures[0].error.message).toBe('no adapter');
  });

  it('throws RUNTIME_UNAVAILABLE listing every failure when nothing works', async () => {
    cleanups.push(registerRuntime('browser-webgpu', async () => { throw new Error('no adapter'); }));
    const err = await resolveRuntime(['browser-webgpu', 'edge-node']).catch((e) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err.code).toBe('RUNTIME_UNAVAILABLE');
    expect(err.user).toBe(false);
    expect(err.message).toContain('browser-webgpu: no adapter');
    expect(err.message).toContain('edge-node: no runtime registered');
    expect(err.details.failures).toHaveLength(2);
  });

  it('unregistering only removes the factory it registered', async () => {
    const off = registerRuntime('edge-node', () => fake('edge-node'));
    cleanups.push(registerRuntime('edge-node', () => fake('edge-node')));
    off();
    expect((await resolveRuntime(['edge-node'])).runtime.target).toBe('edge-node');
  });
});

describe('kernel registry', () => {
  const kernel = (tag: string): Kernel => ({ kind: 'test.kind', version: 1, run: async () => ({ tag: { type: 'report', data: { tag } } as never }) });

  it('uses the last kernel registered for a kind@version and falls back when it is unregistered', () => {
    const base = kernel('base'), override = kernel('override');
    cleanups.push(registerKernels([base]));
    expect(lookupKernel('test.kind', 1)).toBe(base);
    const off = registerKernels([override]);
    expect(lookupKernel('test.kind', 1)).toBe(override);
    expect(lookupKernel('test.kind', 2)).toBeUndefined();
    off();
    expect(lookupKernel('test.kind', 1)).toBe(base);
  });
});
