// Native / Node-only packages stay outside the bundle: they load .node binaries, wasm or
// worker files by path at run time, which bundling would break.
/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    'onnxruntime-node',
    '@electric-sql/pglite',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/common',
    'postgres',
    'busboy',
    // the edge bundle route bundles the runner at request time (native binary, spawned by path)
    'esbuild',
    // DICOM codecs find their .wasm beside their JS (__dirname)
    '@cornerstonejs/codec-libjpeg-turbo-8bit',
    '@cornerstonejs/codec-charls',
    '@cornerstonejs/codec-openjpeg',
    '@cornerstonejs/codec-openjph',
    // the DICOM listener / sender: a webpack bundle that requires its own dcmjs and codecs
    'dcmjs-dimse',
  ],
  // The DICOM codecs' emscripten glue `require('fs')` in a Node-only branch; the browser
  // bundle (run in my browser) gets an empty module instead.
  turbopack: {
    resolveAlias: { fs: { browser: './app/_lib/empty-module.ts' } },
  },
  typedRoutes: false,
  // e2e and local checks open the dev server as 127.0.0.1; dev blocks unknown origins otherwise.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  poweredByHeader: false,
  // On every response (pages, API, assets): cross-origin isolation, since onnxruntime-web needs
  // SharedArrayBuffer for its wasm threads (every asset the studio loads is same-origin, wasm via
  // app/wasm/[file]); and no MIME sniffing, so nothing is ever run as a type it was not sent as.
  // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default nextConfig;
