import type { NextConfig } from 'next';

// Native / Node-only packages stay outside the bundle: they load .node binaries, wasm or
// worker files by path at run time, which bundling would break.
const nextConfig: NextConfig = {
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
  // Cross-origin isolation on every response: onnxruntime-web needs SharedArrayBuffer for its
  // wasm threads. Every asset the studio loads is same-origin (wasm via app/wasm/[file]).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
        ],
      },
    ];
  },
};

export default nextConfig;
