import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { nodeSpecs } from '../../../domain/nodes/catalogue';

/**
 * A node kind is its spec plus its kernel: no other source file may name one (a `switch` over
 * kinds, a per-kind table). Naming means a string literal, template piece or JSX text that is
 * exactly a catalogue kind or `kind@version`; comments and longer strings ('model.onnx' as a file
 * name in a usage line) do not count. Allowed: `<kind>.node.ts` specs and `<kind>.kernel.ts`
 * kernels. Exempt: tests (they pin behaviour per kind and build graphs as data) and the two test
 * fixture modules below, which are pipeline graphs written as code, as examples/*.json are as
 * JSON (only .ts/.tsx/.mts/.js/.mjs files are scanned, so examples/ is not).
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const DIRS = ['domain', 'runtimes', 'workflows', 'server', 'app', 'cli', 'bench'];
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const OWNER = /\.(node|kernel)\.ts$/;
const TEST = /\.test\.tsx?$/;
const FIXTURES = new Set(['domain/validation/test-graphs.ts', 'server/test-fixtures.ts']);

const kinds = new Set(nodeSpecs.map((s) => s.kind));
const isKind = (text: string) => kinds.has(text.trim()) || kinds.has(text.trim().replace(/@\d+$/, ''));

/** The node kinds a source text names in literals. */
export function namedKinds(text: string, fileName: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) && isKind(node.text)) found.push(node.text.trim());
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function scanned(): string[] {
  return DIRS.flatMap((dir) =>
    (readdirSync(repo + dir, { recursive: true }) as string[])
      .map((f) => `${dir}/${f.split('\\').join('/')}`)
      .filter((f) => SOURCE.test(f) && !f.includes('node_modules/')),
  );
}

describe('node kinds are named only by their spec and kernel', () => {
  it('finds kinds in strings, templates, object keys and JSX, not in comments or longer strings', () => {
    const sample = `// model.onnx in a comment
      const a = { 'input.nifti': 1 }; if (k === "pre.tile") f(\`post.argmax\`); g(\`\${x}\`, 'model.onnx@1');
      const usage = 'studio optimise <model.onnx>'; const el = <b>output.report-json</b>;`;
    expect(namedKinds(sample, 'x.tsx')).toEqual(['input.nifti', 'pre.tile', 'post.argmax', 'model.onnx@1', 'output.report-json']);
  });

  it('no file besides specs, kernels, tests and graph fixtures names a kind', () => {
    const files = scanned();
    expect(files.length).toBeGreaterThan(300);
    const offenders = files
      .filter((f) => !OWNER.test(f) && !TEST.test(f) && !FIXTURES.has(f))
      .flatMap((f) => {
        const text = readFileSync(repo + f, 'utf8');
        const named = [...kinds].some((k) => text.includes(k)) ? namedKinds(text, f) : [];
        return named.length ? [`${f}: ${[...new Set(named)].join(', ')}`] : [];
      });
    expect(offenders).toEqual([]);
  });
});
