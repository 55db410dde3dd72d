import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * domain/ runs in the browser, on the server and in the Temporal workflow sandbox, so its
 * non-test files may import only zod and each other (relative paths). This test is the lint
 * rule that enforces it.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const sources = (readdirSync(root, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .sort();

// `(?<![.'"])`: the words inside strings such as 'version.import' are not statements.
const SPECIFIER = /(?:(?<![.'"])\bimport\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s*)?|(?<![.'"])\bexport\s*(?:type\s+)?[\w*{}\s,$]+\s+from\s*|(?<![.'"])\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]);
}

describe('domain purity', () => {
  it('finds the import forms it must police', () => {
    const sample = `import { z } from 'zod';\nimport type { X } from "../x";\nexport * from './y';\nexport { a } from 'node:fs';\nconst m = await import('os');\nimport 'side-effect';`;
    expect(specifiers(sample)).toEqual(['zod', '../x', './y', 'node:fs', 'os', 'side-effect']);
    expect(specifiers(`const a = ['version.import', 'x'];`)).toEqual([]);
  });

  it('domain files import only zod and relative paths, and read no process globals', () => {
    expect(sources.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of sources) {
      const text = readFileSync(root + file, 'utf8');
      for (const s of specifiers(text)) if (s !== 'zod' && !s.startsWith('./') && !s.startsWith('../')) offenders.push(`${file}: ${s}`);
      if (/\bprocess\.|\bBuffer\b|\brequire\(/.test(text)) offenders.push(`${file}: uses a Node global`);
    }
    expect(offenders).toEqual([]);
  });
});
