import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { projectRoot } from './project-root';

/**
 * Emscripten codec glue mentions fs/path for its Node branch, which never runs in a page:
 * the browser runner gets empty modules for them instead of a failed build.
 */
export const stubNodeBuiltins: Plugin = {
  name: 'stub-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?(fs|path|url|module|crypto|worker_threads)$/ }, (a) => ({ path: a.path, namespace: 'node-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

/** Packages the Node runner imports at run time (installed from the bundle's package.json); everything else is inlined. */
const NODE_EXTERNAL = [
  'onnxruntime-node', 'fflate', 'fast-png', 'dicom-parser', 'dcmjs',
  // DICOM codecs load their .wasm from beside their own JS (__dirname): they must stay packages
  '@cornerstonejs/codec-libjpeg-turbo-8bit', '@cornerstonejs/codec-charls', '@cornerstonejs/codec-openjpeg',
  '@cornerstonejs/codec-openjph', 'jpeg-lossless-decoder-js', 'daikon',
];
/** The page maps this bare specifier to ./web/ort.wasm.min.mjs with an import map. */
const BROWSER_EXTERNAL = ['onnxruntime-web', 'onnxruntime-web/webgpu'];

/** Exact installed version of a project dependency (the bundle pins what the project was tested with). */
export function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ projectRoot(), 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

function externalsUsed(meta: Metafile): string[] {
  const used = new Set<string>();
  const pkgOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
  for (const input of Object.values(meta.inputs)) {
    for (const imp of input.imports) if (imp.external && NODE_EXTERNAL.includes(pkgOf(imp.path))) used.add(pkgOf(imp.path));
  }
  return [...used].sort();
}

/**
 * Bundles the project's own interpreter and kernels (no second implementation) into the two
 * runner files of an edge bundle: `run.mjs` (Node ESM; CommonJS dependencies inlined get a
 * real `require` through createRequire) and `runner.js` (browser ESM). Returns the packages
 * run.mjs imports so the bundle's package.json lists exactly those.
 */
export async function buildRunners(): Promise<{ nodeJs: Uint8Array; browserJs: Uint8Array; packages: string[] }> {
  const root = projectRoot();
  const common = { bundle: true, format: 'esm', write: false, metafile: true, legalComments: 'none', logLevel: 'silent', minifySyntax: true } as const;
  const node = await build({
    ...common,
    entryPoints: [path.join(root, 'runtimes/edge/runner/node-entry.ts')],
    platform: 'node',
    target: 'node20',
    external: NODE_EXTERNAL,
    banner: { js: "import { createRequire as __studioCreateRequire } from 'node:module';\nconst require = __studioCreateRequire(import.meta.url);" },
  });
  const browser = await build({
    ...common,
    entryPoints: [path.join(root, 'runtimes/edge/runner/browser-main.ts')],
    platform: 'browser',
    target: 'es2022',
    external: BROWSER_EXTERNAL,
    plugins: [stubNodeBuiltins],
  });
  return { nodeJs: node.outputFiles[0].contents, browserJs: browser.outputFiles[0].contents, packages: externalsUsed(node.metafile) };
}
