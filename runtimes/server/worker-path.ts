import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../core/errors';

/**
 * The path of a worker script of runtimes/server (ort-worker.mjs, slice-worker.mjs): an
 * explicit path when given, else next to this file; under Next.js bundles `import.meta.url`
 * points into `.next/`, where the file is absent: then the source tree under the working
 * directory. (Built from variables so bundlers do not try to rewrite it into an asset URL.)
 */
export function workerPath(file: string, explicit?: string): string {
  const candidates: string[] = explicit ? [explicit] : [];
  try {
    candidates.push(path.join(path.dirname(fileURLToPath(import.meta.url)), file));
  } catch {
    // import.meta.url is not a file: URL (bundled); the cwd fallback below applies.
  }
  candidates.push(path.join(process.cwd(), 'runtimes', 'server', file));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new RuntimeError('RUNTIME_UNAVAILABLE', `worker script ${file} not found (tried ${candidates.join(', ')})`);
  return found;
}
