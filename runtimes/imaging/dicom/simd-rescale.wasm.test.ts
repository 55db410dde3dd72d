import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script without types
import { OUTPUT, wasmModuleSource } from '../../../scripts/build-wasm.mjs';

describe('simd-rescale.wasm.ts', () => {
  it('is what scripts/build-wasm.mjs compiles from simd-rescale.wat today (npm run build:wasm)', async () => {
    expect(readFileSync(OUTPUT as string, 'utf8')).toBe(await (wasmModuleSource as () => Promise<string>)());
  });
});
