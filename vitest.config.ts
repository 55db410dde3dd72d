import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// server/ modules import 'server-only' (Next refuses them in client components); tests are server code.
const serverOnly = fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url));

// Fast unit tests beside the code (nothing outside the repository and node_modules); suites
// that need test material or system tools, named for what they need; integration tests that
// need the real PostgreSQL server and a Temporal dev server; conformance; e2e.
const SUITES = '**/*.{corpus,oracle,fuzz,browser}.test.ts';
export default defineConfig({
  resolve: { alias: { 'server-only': serverOnly } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{domain,runtimes,workflows,server,drizzle,app,cli,demo,bench}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', SUITES, 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          // Most of a unit file's time is its import: files share a worker's module cache
          // (unit tests restore what they stub: vi.unstubAllEnvs, mockRestore, useRealTimers),
          // and both cores run them (Vitest's default, cores - 1, is one worker here).
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        // Real material (../shared/data: *.corpus), reference toolkits (dcmtk, GDCM, pydicom
        // ORACLE.tsv: *.oracle), mutation fuzzing (*.fuzz), onnxruntime-web and Chromium
        // (*.browser). Missing material or tools skip, naming them; under CI=true they fail
        // (test/needs.ts).
        extends: true,
        test: {
          name: 'suites',
          include: [`{domain,runtimes,workflows,server,drizzle,app,cli,demo,bench,test}/${SUITES}`],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // One case list (test/conformance/cases.ts) run on every target without services:
        // in-process, browser (Chromium), edge bundle. The Temporal runner is an integration test.
        extends: true,
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.conformance.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
