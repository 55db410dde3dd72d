import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = path.join('runtimes', 'edge', 'runner', 'node-entry.ts');

/**
 * The repository root, where the runner sources and node_modules live. From this file's own
 * location under tsx/vitest; under a Next.js server bundle `import.meta.url` points into
 * `.next/` (or is no file: URL), so the working directory (`next start` runs in the root) is
 * the fallback. Built from variables so bundlers do not rewrite it into an asset URL.
 */
export function projectRoot(): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
  } catch {
    // bundled: not a file: URL
  }
  candidates.push(path.resolve(/*turbopackIgnore: true*/ process.cwd()));
  const root = candidates.find((c) => existsSync(path.join(/*turbopackIgnore: true*/ c, MARKER)));
  if (!root) throw new Error(`edge runner sources not found (tried ${candidates.join(', ')})`);
  return root;
}
