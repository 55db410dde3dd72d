'use client';
import { BROWSER_TARGETS, registerBrowserRuntimes } from '../../runtimes/browser';
import { resolveRuntime, type ResolvedRuntime } from '../../runtimes/core/registry';
import { LOADERS, setCodecWasmLocator } from '../../runtimes/imaging/dicom/codecs/wasm';

/** Where app/wasm/[file]/route.ts serves onnxruntime-web's and the DICOM codecs' wasm (same origin: COEP). */
export const WASM_PREFIX = '/wasm/';

let registered = false;

/**
 * Registers the browser inference targets (WebGPU, then wasm; wasm threads only when the page
 * is cross-origin isolated) and points the DICOM codecs at the same-origin wasm, once per page.
 */
export function setupBrowserRuntime(): void {
  if (registered) return;
  registered = true;
  registerBrowserRuntimes({ wasmPaths: new URL(WASM_PREFIX, location.origin).href });
  setCodecWasmLocator((name) => `${WASM_PREFIX}${LOADERS[name].wasm}`);
}

/** The browser runtime chosen through the registry, with why preferred targets were skipped. */
export function resolveBrowserRuntime(): Promise<ResolvedRuntime> {
  setupBrowserRuntime();
  return resolveRuntime([...BROWSER_TARGETS]);
}
