import type { BundleManifest } from './manifest';

/** onnxruntime-web files the static runner needs (wasm backend only), copied from the installed package. */
export const ORT_WEB_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The static runner page. ES modules and fetch() do not work from file://, so it must be
 * served over HTTP (any static server); threads need COOP/COEP headers, otherwise wasm runs
 * on one thread. The import map points the runner's bare `onnxruntime-web` at ./web/.
 */
export function indexHtml(manifest: BundleManifest): string {
  const name = escape(manifest.pipeline.name);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${name}</title>
<script type="importmap">{"imports":{"onnxruntime-web":"./web/ort.wasm.min.mjs","onnxruntime-web/webgpu":"./web/ort.wasm.min.mjs"}}</script>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:60rem}pre{background:#f4f4f4;padding:1rem;overflow:auto}</style>
</head>
<body>
<h1 id="title">${name}</h1>
<p>Runs in this page only: the scan is not uploaded anywhere. Expects <span id="expects"></span>.</p>
<p><input type="file" id="scan"> <button id="run">Run</button> <span id="status"></span></p>
<div id="outputs"></div>
<pre id="log"></pre>
<noscript>Serve this folder over HTTP (e.g. <code>npx serve .</code>) and open it in a browser.</noscript>
<script type="module" src="./runner.js"></script>
</body>
</html>
`;
}

export function readme(manifest: BundleManifest): string {
  return `${manifest.pipeline.name} (${manifest.pipeline.version}): edge bundle

  ONNXRUNTIME_NODE_INSTALL=skip npm install     # only what package.json lists
  node run.mjs <${manifest.input.map((i) => i.description).join(' | ')}> <outdir>

Writes the pipeline's outputs and outputs.json (sha256 and label counts of every output) to <outdir>.
index.html is the same pipeline on onnxruntime-web: serve this folder over HTTP and open it.
manifest.json lists the sha256 of every file; run.mjs refuses to run if one changed.
`;
}
