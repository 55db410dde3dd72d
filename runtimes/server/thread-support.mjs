// What the helper threads of runtimes/server share (plain .mjs, imported by the worker scripts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A TypeScript module of the source tree (`rel` from the repository root, e.g.
 * 'runtimes/imaging/ops/normalize.ts'), loaded through tsx's loader: found from this file's place
 * in the tree, or under the working directory (as worker-path.ts does for Next bundles).
 */
export async function importSource(rel) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, '..', '..', rel), path.join(process.cwd(), rel)];
  const file = candidates.find((c) => existsSync(c));
  if (!file) throw new Error(`${rel} not found (tried ${candidates.join(', ')})`);
  // Loaded on first use: threads of plain .mjs (argmax, ORT) never pay for tsx.
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(file).href, import.meta.url);
}

/**
 * Collects this thread's garbage soon (after the current reply is out). Threads that allocate
 * little JavaScript seldom run their GC, so buffers they were sent would stay alive between
 * requests; call after each reply.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
export const collectSoon = () => setImmediate(gc);
